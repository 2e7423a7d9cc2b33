# Client-Server Lab, español. Una línea `clave = valor`; `{ $nombre }` es un marcador.

app-title = Client-Server Lab
app-tagline = Mira cómo hablan clientes y servidores
lang-switch-label = Idioma

notice-unknown-param = Se ha ignorado el parámetro desconocido «{ $name }» de la dirección.
notice-bad-value = Se ha ignorado «{ $name }={ $value }» de la dirección: el valor debe ser uno de { $expected }.
notice-dismiss = Cerrar

stage-label = La red
node-browser = Navegador
node-router = Router
node-dns = Servidor DNS local
node-web = Servidor web
role-browser = El ordenador del estudiante. Su navegador quiere mostrar una página, pero solo conoce el nombre del sitio, no su dirección.
role-router = Reenvía paquetes entre las redes que une. Lee sus direcciones, no su contenido.
role-dns = El servidor DNS local traduce nombres como www.example.com a direcciones IP y pregunta a otros servidores DNS cuando no lo sabe.
role-web = Guarda las páginas de www.example.com y responde a las peticiones HTTP del navegador.

controls-label = Controles de la simulación
control-play = Reproducir
control-pause = Pausa
control-step = Paso
control-speed = Velocidad
speed-value = 1 s = { $amount } de tiempo de red
sim-time = Tiempo simulado

panel-narration = Qué está pasando
lesson-web-title = Qué pasa cuando abres una página web
lesson-web-intro-1 = Escribes www.example.com y pulsas Intro. El navegador conoce el nombre del sitio, pero los paquetes viajan a direcciones, no a nombres.
lesson-web-intro-2 = Por eso primero pide la dirección al servidor DNS. Después se conecta al servidor web, envía una petición HTTP y recibe la página en paquetes.
panel-details = Detalles
details-hint = Selecciona una máquina en el escenario para ver qué hace.
details-address = Dirección IP

open-full-app = Abrir la aplicación completa

error-title = Algo ha fallado
error-body = El simulador se ha detenido por un error interno. Al recargar la página vuelve a empezar; tu configuración se conserva en la dirección.
error-reload = Recargar
error-details = Detalles técnicos

notice-not-number = Se ha ignorado «{ $name }={ $value }» de la dirección: el valor debe ser un número.

bench-title = Banco de pruebas del motor
bench-workload = Una simulación de cola con { $requests } peticiones: { $servers } trabajador(es), { $arrival } llegadas/s, { $service } servicios/s por trabajador, semilla { $seed }. Ejecuta `cslab-cli queue` con los mismos parámetros para comparar con el código nativo.
bench-running = Ejecutando en WebAssembly…
bench-done = Terminado.
bench-events = Eventos
bench-engine-time = Tiempo del motor
bench-rate = Eventos por segundo
bench-mean-response = Tiempo medio de respuesta
bench-trace-hash = Hash de la traza
bench-invalid = Esta simulación no puede empezar: { $reason }
bench-back = Volver al laboratorio

node-client = Cliente { $n }
role-client = El ordenador de un usuario, que envía peticiones al servidor y espera las respuestas.
control-back = Atrás
lesson-picker-label = Lección
lesson-refuse-title = El servidor dice que no
lesson-refuse-intro-1 = Cuatro clientes envían peticiones tres veces más rápido de lo que el servidor puede responder: atiende una petición cada vez y cada una tarda unos 200 ms.
lesson-refuse-intro-2 = Las peticiones que llegan mientras está ocupado esperan en su cola de aceptación, que tiene sitio para dos. Cuando la cola está llena, el servidor rechaza la petición en el acto y se lo comunica al cliente.

control-help = Atajos
help-title = Atajos de teclado
key-space = Espacio
help-play = Reproducir o pausar
help-step = Avanzar al siguiente evento
help-back = Volver al evento anterior
help-toggle = Mostrar u ocultar esta lista
help-close = Cerrar

node-internet = Internet
node-root-dns = DNS raíz
node-tld-dns = DNS .com
node-auth-dns = DNS example.com
role-internet = Los routers de Internet entre la red del estudiante y los servidores DNS lejanos.
role-root-dns = Un servidor DNS raíz: no conoce www.example.com, pero sabe qué servidores responden por .com.
role-tld-dns = El servidor DNS de .com: sabe qué servidores responden por example.com.
role-auth-dns = El servidor DNS autoritativo de example.com: guarda la dirección de www.example.com.
legend-label = Paquetes
kind-dns = DNS
kind-tcp = Control TCP
kind-tls = Negociación TLS
kind-http = Petición o respuesta HTTP
kind-data = Datos
kind-plain = Petición o respuesta
kind-encrypted = Cifrado
kind-dropped = Descartado
kind-queued = Esperando en una cola

events-title = Eventos
events-filter = Mostrar protocolos
events-none = Todavía no se ha enviado nada.
sum-dns-query = Consulta { $type } { $name }
sum-dns-answer = Respuesta { $name }: { $answers }
sum-dns-referral = Remisión para { $name }: preguntar a { $servers }
sum-dns-nxdomain = { $name } no existe
sum-tcp = { $flags } seq={ $seq } ack={ $ack }
sum-tls = { $record }
sum-http = { $line }
sum-data = Datos, { $bytes } bytes
sum-plain = Paquete, { $bytes } bytes
inspector-title = Paquete { $number }
inspector-plain = Este paquete no lleva ningún mensaje de protocolo que inspeccionar.
inspector-hidden = Cifrado: quien espíe el enlace solo ve el registro TLS, no estos campos.
layer-link = Enlace (Ethernet)
layer-ip = Red (IP)
layer-tcp = Transporte (TCP)
layer-udp = Transporte (UDP)
layer-tls = Seguridad (TLS)
layer-dns = Aplicación (DNS)
layer-http = Aplicación (HTTP)
field-frame-bytes = Tamaño de trama, bytes
field-src = Origen
field-dst = Destino
field-ttl = Tiempo de vida
field-length = Longitud total, bytes
field-src-port = Puerto de origen
field-dst-port = Puerto de destino
field-seq = Número de secuencia
field-ack = Número de acuse
field-flags = Indicadores
field-window = Ventana, bytes
field-payload = Carga útil, bytes
field-retransmission = Retransmisión
field-record = Registro
field-encrypted = Cifrado
field-dns-id = ID de consulta
field-question = Pregunta
field-rcode = Código de respuesta
field-answers = Respuestas
field-authority = Autoridad
field-additional = Adicional
field-method = Método
field-path = Ruta
field-host = Host
field-status = Estado
field-head-bytes = Cabeceras, bytes
field-body-bytes = Cuerpo, bytes

settings-title = Pruébalo
setting-rtt = Tiempo de ida y vuelta
setting-bandwidth = Ancho de banda
setting-loss = Pérdida de paquetes
setting-parallel = Conexiones en paralelo
setting-mode = Conexiones HTTP
mode-nonpersistent = No persistentes
mode-persistent = Persistentes
mode-pipelined = Persistentes, en canalización
setting-https = HTTPS (TLS)
setting-dns-cached = La dirección ya está en la caché del navegador
timing-waiting = Los tiempos aparecen cuando la página está completa.
timing-total = Página cargada en { $ms } ms
timing-bar = Tiempo de cada fase
timing-theory = Fórmula del libro: { $rtts } viajes de ida y vuelta = { $ms } ms, sin DNS ni tiempo de transmisión.
phase-dns = DNS
phase-connect = Conexión TCP
phase-tls = TLS
phase-first-byte = Primer byte
phase-transfer = Transferencia

story-ask-dns = El navegador solo conoce el nombre www.example.com, así que pide la dirección al servidor DNS local.
story-cached-dns = La dirección ya está en la caché del navegador: ninguna pregunta DNS sale del ordenador.
story-hierarchy = El servidor DNS local tampoco la conoce. Pregunta a un servidor raíz, que le remite al servidor de .com, que le remite al servidor propio de example.com.
story-dns-answer = Llega la respuesta: el navegador ya conoce la dirección IP del servidor web.
story-handshake = TCP abre una conexión en tres pasos: SYN, SYN-ACK, ACK.
story-tls = TLS acuerda las claves en un viaje de ida y vuelta más; desde ahora quien espíe solo ve paquetes sellados.
story-request = El navegador envía su petición HTTP: GET /index.html.
story-response = La página vuelve troceada en paquetes; TCP confirma su llegada y los vuelve a poner en orden.
story-objects = El navegador lee el HTML, encuentra la hoja de estilos, el script y las imágenes que menciona, y también los pide.
story-page-done = Ha llegado todo: el navegador compone y muestra la página.

control-restart = Reiniciar
control-restart-title = Volver a ejecutar la lección desde el principio, con una nueva semilla aleatoria
timeline-label = Línea de tiempo

view-label = Vista
view-network = Red
view-sequence = Secuencia

gauge-serving = Atendiendo
gauge-queue = Cola
gauge-refused = Rechazadas: { $n }

state-connection = Conexión TCP
state-cache = Caché DNS

filter-layer = Capa
filter-all-layers = Todas las capas
filter-application = Aplicación (DNS, HTTP)
filter-security = Seguridad (TLS)
filter-transport = Transporte (TCP)
filter-network = Red (IP)

bench-anim-title = Banco de pruebas de la animación
bench-anim-workload = Una red generada de { $routers } routers y { $hosts } equipos; cada equipo envía un flujo de paquetes a otro al otro lado de la red. El tiempo de la red avanza a { $ratio } × el tiempo real; se miden { $frames } fotogramas tras un calentamiento.
bench-anim-stage = La red generada y sus paquetes
bench-anim-filling = Llenando la red…
bench-anim-warming-up = Calentando…
bench-anim-measuring = Midiendo el fotograma { $frame } de { $frames }: { $packets } paquetes en el escenario.
bench-anim-callback = Función de cada fotograma (avanzar y dibujar), p50 / p95 / máx.
bench-anim-interval = Tiempo entre fotogramas de animación, p50 / p95 / máx.
bench-anim-packets = Paquetes en el escenario, mín. / mediana
bench-anim-events = Simulado durante la medición
bench-anim-events-value = { $events } eventos en { $ms } ms de tiempo de red
bench-anim-js-heap = Montículo de JavaScript, inicio → fin
bench-anim-wasm-memory = Memoria de WebAssembly, inicio → fin
