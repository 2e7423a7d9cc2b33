# Client-Server Lab, español. Una línea `clave = valor`; `{ $nombre }` es un marcador.
#
# Términos: un concepto, una sola forma en todas las claves.
#   accept queue / listen backlog → cola de aceptación
#   DNS query → consulta DNS (consultar a un servidor)
#   round-trip time → tiempo de ida y vuelta (RTT) la primera vez; después, RTT
#   handshake → acuerdo: TCP «acuerdo en tres fases (three-way handshake)», TLS «acuerdo TLS (handshake)»
#   upload / download → subida / bajada
#   worker → worker (proceso o hilo que atiende peticiones); thread → hilo; thread pool → pool de hilos
#   application pool (IIS) → grupo de aplicaciones; event loop → bucle de eventos
#   callback → callback (función de retrollamada); handler → el código de la aplicación
#   request / response → petición / respuesta; refused → rechazada; dropped → descartado
#   load balancer → balanceador de carga; round robin → por turnos (round robin)
#   URL (the page's address) → URL, nunca «dirección» (reservada a las direcciones IP)
# Números (src/i18n.rs): coma decimal y punto de millares desde cinco cifras: 0,5; 1500; 22.255,202; 80 %.

app-title = Client-Server Lab
app-tagline = Observa cómo se comunican clientes y servidores
lang-switch-label = Idioma

notice-unknown-param = Se ha ignorado el parámetro desconocido «{ $name }» de la URL.
notice-bad-value = Se ha ignorado «{ $name }={ $value }» de la URL: el valor debe ser uno de estos: { $expected }.
notice-dismiss = Cerrar

stage-label = La red
node-browser = Navegador
node-router = Router
node-dns = Servidor DNS local
node-web = Servidor web
node-off = Apagado
role-browser = El ordenador del estudiante. Su navegador quiere mostrar una página, pero solo conoce el nombre del sitio, no su dirección.
role-router = El router de casa une la red doméstica (192.168.1.0/24, direcciones privadas) con la red del proveedor de Internet. Reenvía los paquetes según sus direcciones, sin mirar su contenido, y traduce las direcciones (NAT): todo lo que sale de un equipo de casa sale con la única dirección pública del router y con un puerto que el router anota en su tabla NAT, para que las respuestas lleguen al equipo correcto.
role-net-router = Reenvía paquetes entre las redes que une. Lee sus direcciones, no su contenido.
role-dns = El servidor DNS local traduce nombres como www.example.com a direcciones IP y, cuando no conoce la respuesta, consulta a otros servidores DNS.
role-web = Aloja las páginas de www.example.com y responde a las peticiones HTTP del navegador.

controls-label = Controles de la simulación
control-play = Reproducir
control-pause = Pausa
control-step = Paso
control-speed = Velocidad
run-restarted = La simulación ha vuelto a empezar desde 0 con los nuevos ajustes.
run-ended = La simulación ha terminado: en esta red ya no pasa nada más. Pulsa Reproducir para verla otra vez, o cambia un ajuste.
step-number = Paso { $n }.
step-next = Siguiente paso
step-pause-at-steps = Pausar en cada paso
help-next-step = Reproducir el siguiente paso de la historia
lesson-complete = Lección completada.
lesson-web-try = Prueba ahora: activa «HTTPS (TLS)» y cuenta el RTT de más; pon la «Pérdida de paquetes» en el 5 % y observa cómo TCP reenvía un segmento perdido; o elige «Conexiones HTTP» no persistentes y verás que cada archivo abre su propia conexión.
lesson-refuse-try = Prueba ahora: elige otro «Sistema del servidor» y observa cómo la misma cola llena dice que no de otra manera: con un RST inmediato o con un HTTP 503.
lesson-load-try = Prueba ahora: sube la «Carga» por encima de lo que puede un servidor y observa cómo crecen la cola y los tiempos de respuesta; después añade «Servidores» o cambia el «Reparto de la carga».
lesson-compare-try = Prueba ahora: pon «Pares (N)» en 1000 o 10.000 y observa cómo el servidor solo se queda cada vez más atrás mientras el enjambre apenas se frena; o desmarca «Los pares que terminan se quedan y suben».
lesson-gossip-try = Prueba ahora: pon «Nodos» en 10.000 y cuenta las pocas rondas más que necesita que con 200; o cambia «Cada nodo informado, en cada ronda».
speed-value = 1 s = { $amount } de tiempo de red
sim-time = Tiempo simulado

panel-narration = Qué está pasando
lesson-web-title = Qué pasa cuando abres una página web
lesson-web-intro-1 = Escribes www.example.com y pulsas Intro. El navegador conoce el nombre del sitio, pero los paquetes viajan a direcciones, no a nombres.
lesson-web-intro-2 = Por eso primero pide la dirección al servidor DNS. Después se conecta al servidor web, envía una petición HTTP y recibe la página en paquetes.
panel-details = Detalles
details-hint = Selecciona una máquina en el diagrama de la red para ver qué hace.
details-address = Dirección IP

open-full-app = Abrir la aplicación completa

error-title = Algo ha fallado
error-body = El simulador se ha detenido por un error interno. Al recargar la página vuelve a empezar; tu configuración se conserva en la URL.
error-reload = Recargar
error-details = Detalles técnicos

notice-not-number = Se ha ignorado «{ $name }={ $value }» de la URL: el valor debe ser un número.
notice-language-unavailable = No se ha podido cargar el idioma «{ $language }» ({ $reason }): inténtalo de nuevo o vuelve a cargar la página.

node-client = Cliente { $n }
role-client = El ordenador de un usuario, que envía peticiones al servidor y espera las respuestas.
control-back = Atrás
lesson-picker-label = Lección
lesson-refuse-title = El servidor dice que no
lesson-refuse-intro-1 = Cuatro clientes envían peticiones tres veces más rápido de lo que el servidor puede responder: atiende una petición cada vez y cada una le lleva unos 200 ms de trabajo.
lesson-refuse-intro-2 = Las conexiones que llegan mientras está ocupado esperan en su cola de aceptación (el programa pidió dos plazas; Linux admite una más). Lo que ocurre cuando la cola está llena depende del sistema del servidor: elige uno abajo y observa lo que pasa por la red.

control-help = Atajos
help-title = Atajos de teclado
key-space = Espacio
help-play = Reproducir o pausar
help-step = Avanzar al siguiente evento
help-back = Volver al evento anterior
help-toggle = Mostrar u ocultar esta lista
help-escape = Cerrar esta lista
help-close = Cerrar

node-internet = Internet
node-root-dns = DNS raíz
node-tld-dns = DNS .com
node-auth-dns = DNS example.com
role-internet = Los routers de Internet entre la red del estudiante y los servidores DNS lejanos.
role-root-dns = Un servidor DNS raíz: no conoce www.example.com, pero sabe qué servidores son autoritativos para .com.
role-tld-dns = El servidor DNS de .com: sabe qué servidores son autoritativos para example.com.
role-auth-dns = El servidor DNS autoritativo de example.com: guarda la dirección de www.example.com.
legend-label = Paquetes
kind-dns = DNS
kind-tcp = Control TCP
kind-tls = Acuerdo TLS (handshake)
kind-http = Petición o respuesta HTTP
kind-data = Datos
kind-plain = Petición o respuesta
kind-encrypted = Cifrado
kind-dropped = Descartado
kind-queued = Esperando en una cola

events-title = Eventos
events-filter = Mostrar protocolos
events-none = Todavía no se ha enviado nada.
events-none-filtered = Aún no se ha enviado nada de los tipos elegidos.
events-lost = perdido
events-retransmission = reenviado
sum-dns-query = Consulta { $type } { $name }
sum-dns-answer = Respuesta { $name }: { $answers }
sum-dns-referral = Remisión para { $name }: consultar a { $servers }
sum-dns-nxdomain = { $name } no existe
sum-tcp = { $flags } seq={ $seq } ack={ $ack }
sum-tls = { $record }
sum-http = { $line }
label-wire = { $text }
label-dns-query = Consulta { $type }
label-dns-answer = Respuesta { $type }
label-dns-referral = Remisión
label-dns-nxdomain = No existe
label-encrypted = Cifrado
sum-data = Datos, { $bytes } bytes
sum-plain = Paquete, { $bytes } bytes
inspector-title = Paquete { $number }
inspector-plain = Este paquete no lleva ningún mensaje de protocolo que inspeccionar.
inspector-hidden = Cifrado: quien espíe el enlace solo ve el registro TLS, no estos campos.
inspector-seen = Cabeceras tal como las envía { $node }.
layer-nat = Traducción de direcciones (NAT): { $router }
inspector-nat-out = Más allá del router, Internet ve la dirección pública del router y el puerto que su tabla NAT asigna a este equipo, nunca la dirección privada.
inspector-nat-in = La respuesta llega a la dirección pública del router; el router busca el puerto en su tabla NAT y se la entrega al equipo de casa.
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
field-ttl = Tiempo de vida (TTL)
field-length = Longitud total, bytes
field-src-port = Puerto de origen
field-dst-port = Puerto de destino
field-seq = Número de secuencia
field-ack = Número de reconocimiento (ACK)
field-flags = Indicadores (flags)
field-window = Ventana, bytes
field-payload = Carga útil, bytes
field-retransmission = Retransmisión
field-record = Registro
field-sni = Nombre del servidor (SNI)
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
setting-rtt = Tiempo de ida y vuelta (RTT)
setting-bandwidth = Ancho de banda
setting-loss = Pérdida de paquetes
setting-parallel = Conexiones en paralelo
setting-mode = Conexiones HTTP
mode-nonpersistent = No persistentes
mode-persistent = Persistentes
mode-pipelined = Persistentes, con pipelining
setting-init-cwnd = Ventana inicial de TCP (segmentos)
setting-init-cwnd-10 = 10 (RFC 6928)
setting-init-cwnd-3 = 3 (RFC 5681)
setting-https = HTTPS (TLS)
setting-dns-cached = La dirección ya está en la caché del navegador
timing-waiting = Los tiempos aparecen cuando la página está completa.
timing-total = Página cargada en { $ms } ms
timing-bar = Tiempo de cada fase
timing-theory = Fórmula teórica (Kurose-Ross): { $rtts } RTT = { $ms } ms, sin contar el DNS, el arranque lento ni el tiempo de transmisión.
timing-measured = Sin contar el DNS, esta carga duró { $rtts } RTT en lugar de los { $textbook } de la fórmula.
timing-slow-start = Arranque lento (slow start): TCP envía { $segments } segmentos en el primer RTT y duplica su ventana en cada uno de los siguientes, así que la página de { $kb } kB necesitó { $rtts } RTT más.
timing-no-slow-start = El arranque lento (slow start) no costó nada: con una ventana inicial de { $segments } segmentos, duplicada en cada RTT, ninguna respuesta de la página de { $kb } kB tuvo que esperar.
timing-sending = Transmitir los bits a { $mbps } Mbit/s añadió { $ms } ms ({ $rtts } RTT).
timing-loss = Los paquetes perdidos, detectados y retransmitidos, añadieron { $ms } ms ({ $rtts } RTT).
phase-dns = DNS
phase-connect = Conexión TCP
phase-tls = TLS
phase-first-byte = Primer byte
phase-objects = Espera de los demás archivos (RTT)
phase-sending = Tiempo de transmisión (ancho de banda)

story-ask-dns = El navegador solo conoce el nombre www.example.com, así que pide su dirección al servidor DNS local (una consulta de tipo A).
story-cached-dns = La dirección ya está en la caché del navegador: ninguna consulta DNS sale del ordenador.
story-hierarchy = El servidor DNS local tampoco la conoce. Pregunta a un servidor raíz, que le remite al servidor de .com, que le remite al servidor propio de example.com.
story-dns-answer = Llega la respuesta: el navegador ya conoce la dirección IP del servidor web.
story-handshake = TCP abre la conexión con el acuerdo en tres fases (three-way handshake): SYN, SYN-ACK, ACK. Cuesta un RTT antes de que pueda salir la petición.
story-tls = TLS 1.3 acuerda las claves en un RTT más (TLS 1.2 necesita dos). A partir de ahí, quien espíe ya no puede leer los mensajes HTTP, que viajan como datos cifrados; sí sigue viendo las cabeceras IP y TCP y el nombre del sitio, que el ClientHello lleva sin cifrar (SNI).
story-request = El navegador envía su petición HTTP: GET /index.html.
story-response = La página vuelve troceada en paquetes; TCP confirma su llegada y los vuelve a poner en orden.
story-objects = El navegador lee el HTML y encuentra los archivos que enlaza: { $files }. También los pide.
story-new-connection = HTTP no persistente: el servidor cierra la conexión tras cada respuesta (Connection: close), así que el navegador abre una conexión TCP nueva para cada archivo, con un acuerdo en tres fases más (y, con HTTPS, también una negociación TLS) antes de cada petición.
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

state-sockets = Sockets, como los muestra ss -tanp
state-cache = Caché DNS
state-public-address = Dirección en el lado de Internet
state-nat = Traducción NAT

filter-layer = Capa
filter-all-layers = Todas las capas
filter-application = Aplicación (DNS, HTTP)
filter-security = Seguridad (TLS)
filter-transport = Transporte (TCP)
filter-network = Red (IP)
story-connect = Un cliente abre una conexión TCP con el servidor: SYN.
story-queued = El único worker del servidor está ocupado: el sistema operativo completa el acuerdo en tres fases (three-way handshake) y la nueva conexión espera en la cola de aceptación.
story-served = El worker termina una petición y envía la respuesta (200 OK); después toma la siguiente conexión que espera en la cola.
story-syn-dropped = La cola de aceptación está llena. Linux descarta el SYN sin responder: ni RST ni error. El cliente no puede saber por qué; solo espera.
story-syn-again = El cliente no ha recibido respuesta dentro de su tiempo de retransmisión (1 s la primera vez, luego 2 s, 4 s…: RFC 6298) y vuelve a enviar el SYN. Su usuario solo ve una página que tarda en cargar; tras 6 reintentos (unos 127 s), el navegador desistiría con «se ha agotado el tiempo de conexión».
story-refused-abort = El último ACK del acuerdo en tres fases encontró llena la cola de aceptación. Con net.ipv4.tcp_abort_on_overflow = 1, Linux responde con un RST (por defecto descarta el ACK y vuelve a enviar el SYN-ACK). El cliente ya se había conectado, así que su usuario ve «se ha restablecido la conexión» (ECONNRESET).
story-refused-windows = La cola de aceptación está llena. Windows responde al SYN con un RST de inmediato: el connect del cliente falla con «conexión rechazada» (WSAECONNREFUSED) un RTT después de intentarlo, y el navegador muestra una página de error.
story-refused-iis = La cola del grupo de aplicaciones está llena. El controlador de IIS en el núcleo, http.sys, ya ha completado el acuerdo en tres fases y leído la petición, y responde él mismo: 503 Service Unavailable. El usuario ve una página de error, no un navegador que espera.
story-refused-proxy = El servidor ha aceptado la conexión, pero el programa que tiene delante (aquí nginx con un límite limit_conn) ha llegado a su límite y responde 503. El rechazo es de HTTP, no de TCP.
story-refused-closed = Ningún programa escucha en este puerto. El sistema operativo del servidor responde a cada SYN con un RST (RFC 9293): «conexión rechazada» un RTT después, sea cual sea la carga.
setting-refusal = Sistema del servidor
refusal-linux = Linux (valores por defecto)
refusal-linux-abort = Linux con tcp_abort_on_overflow = 1
refusal-windows = Windows
refusal-iis = IIS (http.sys)
refusal-proxy = nginx delante, con limit_conn
refusal-closed-port = Ningún programa en el puerto
gauge-dropped = SYN descartados: { $n }
state-workers = Workers ocupados
state-backlog = Cola de aceptación
state-refused = Conexiones rechazadas
state-dropped = SYN y ACK finales descartados
node-replica = Servidor { $n }
story-revisit = Un momento después, vuelves a abrir la misma página.
story-reuse = La conexión TCP de la primera visita sigue abierta: la petición sale de inmediato, sin repetir el acuerdo en tres fases.
story-reconnect = HTTP no persistente cerró las conexiones de la primera visita, así que TCP tiene que volver a conectarse: un RTT más por archivo (dos con HTTPS).
story-not-modified = El navegador ya tiene estos archivos, así que sus peticiones son condicionales: «envíalo solo si ha cambiado» (If-None-Match con la ETag del archivo). El servidor responde 304 Not Modified, sin el archivo.
story-revisit-done = La página vuelve a estar lista en { $second } ms, frente a { $first } ms la primera vez: sin consulta DNS, sin un nuevo acuerdo en tres fases y con respuestas 304 sin los archivos.
story-revisit-done-reconnect = La página vuelve a estar lista en { $second } ms, frente a { $first } ms la primera vez: sin consulta DNS y con respuestas 304 sin los archivos, pero con una conexión nueva para cada archivo.
timing-second-visit = Segunda visita: { $ms } ms

lesson-load-title = Un servidor sometido a carga
lesson-load-intro-1 = Los usuarios envían peticiones a un sitio web al ritmo que elijas. Cada petición necesita unos 20 ms de cálculo y cada servidor tiene cuatro núcleos: por debajo de su capacidad todo es rápido; por encima, las peticiones esperan en colas, y cuando las colas se llenan las nuevas conexiones se quedan fuera (en Linux se descartan sus SYN y los clientes los reenvían al cabo de 1 s, 2 s, 4 s…).
lesson-load-intro-2 = Cambia el software del servidor y observa cómo responde su arquitectura; añade servidores detrás de un balanceador de carga; envía clientes lentos que mantienen las conexiones abiertas; apaga un servidor en mitad de la ejecución. Las gráficas de abajo muestran cada servidor: «núcleos ocupados» indica cuánto de la máquina está calculando, y es el límite real de un sitio que consume CPU; «workers ocupados», qué parte de los procesos o hilos del servidor está en uso.
node-balancer = Balanceador de carga
role-balancer = Recibe todas las conexiones y pasa cada una a uno de los servidores según la regla que elijas. Cada 2 s comprueba que cada servidor sigue respondiendo: tras 3 comprobaciones fallidas seguidas (de 6 a 8 s después de que deje de responder) deja de enviarle conexiones, y tras 2 correctas vuelve a hacerlo (los valores por defecto de HAProxy). Una petición que se queda sin respuesta se abandona a los 50 s con un 504.
node-nginx = nginx
role-nginx = nginx es el servidor al que se conectan los clientes: completa sus acuerdos en tres fases, lee cada petición entera y solo entonces abre una conexión propia con uno de los servidores, por turnos (round robin). Los clientes inactivos o lentos nunca ocupan los workers de un servidor. nginx no sondea los servidores: solo sabe que uno ha caído cuando falla un intento (lo rechaza, o no responde en 60 s a la conexión o a la petición). Entonces pasa la petición al siguiente servidor y deja de usar el que ha fallado durante 10 s (max_fails=1, fail_timeout=10s). Si no queda ningún servidor, responde 502 Bad Gateway, o 504 Gateway Timeout tras un tiempo de espera agotado.
spread-rr = Por turnos (round robin)
spread-lc = Menos conexiones
spread-p2c = El mejor de dos al azar
spread-random = Al azar
spread-nginx = nginx delante (por turnos)
spread-dns = DNS por turnos (round robin), sin balanceador
setting-server = Software del servidor
setting-rate = Carga
rate-value = { $n } peticiones/s
load-capacity = Estos servidores pueden atender como máximo { $n } peticiones/s.
setting-replicas = Servidores
setting-spread = Reparto de la carga
setting-slow = Clientes lentos
setting-io = Cada petición espera a una base de datos (E/S)
switch-off = Apagar el servidor { $n }
switch-on = Volver a encender el servidor { $n }
charts-heading = Cada servidor, en tiempo real
chart-time-s = Tiempo (s)
chart-throughput = Respuestas por segundo
chart-response = Tiempo de respuesta (ms)
chart-queue = Peticiones en espera
chart-cores = Núcleos ocupados (de { $n })
chart-busy = Workers ocupados (de { $n })
chart-refused = SYN descartados o rechazados por segundo
preset-apache-prefork = Apache httpd con el MPM prefork: un proceso de un solo hilo por conexión, hasta 256 (MaxRequestWorkers). Un proceso queda ocupado desde que acepta una conexión hasta que esta se cierra, aunque el cliente sea lento o no haga nada, así que bastan 256 clientes lentos para que todos los demás esperen en la cola de aceptación de 511 plazas (ListenBacklog); cuando esta se llena, Linux descarta las nuevas peticiones de conexión (SYN) y los clientes las reenvían al cabo de 1 s, 2 s, 4 s…
preset-apache-event = Apache httpd con el MPM event: procesos de 25 hilos, 400 hilos en total (MaxRequestWorkers). Un hilo de escucha mantiene las conexiones keep-alive inactivas sin ocupar un worker (hasta unas tres conexiones por worker), pero un worker sigue ocupado mientras lee una petición y mientras la aplicación espera a una base de datos.
preset-nginx = Nginx, un servidor web que también es proxy inverso, proxy de correo y proxy TCP/UDP genérico: un proceso worker por núcleo (worker_processes auto, como lo dejan las configuraciones de los paquetes; el valor por defecto compilado es 1), es decir, cuatro aquí, cada uno con un bucle de eventos que vigila hasta 512 conexiones a la vez (worker_connections). Las conexiones inactivas o lentas solo cuestan memoria, y un worker que espera a la aplicación que tiene detrás atiende mientras tanto otras conexiones; pero un cálculo largo detiene todas las conexiones de su worker.
preset-iis = Microsoft IIS: el controlador del núcleo http.sys acepta las conexiones, analiza las peticiones y las pone en la cola del grupo de aplicaciones (1000 plazas, queueLength; con la cola llena, http.sys responde 503 Service Unavailable). Se ejecutan hasta 5000 peticiones a la vez (appConcurrentRequestLimit) en el pool de hilos de ASP.NET, y el código síncrono de la aplicación retiene su hilo mientras espera.
preset-tomcat = Apache Tomcat, un contenedor de servlets de Java, con su conector NIO: un hilo sondeador (poller) mantiene hasta 8192 conexiones sin ocupar hilos (maxConnections); cada petición pasa a uno de los 200 hilos worker (maxThreads), que la conserva hasta escribir la respuesta, esperas a la base de datos incluidas. Cuando todas las conexiones están ocupadas, otras 100 esperan en la cola de aceptación del sistema operativo (acceptCount).
preset-glassfish = GlassFish / Payara, servidores de aplicaciones Jakarta EE: el receptor NIO de Grizzly mantiene las conexiones sin hilos, y las peticiones se ejecutan en el http-thread-pool, de 5 hilos por defecto (un pool diminuto que las configuraciones de producción amplían), con hasta 4096 peticiones esperando un hilo (max-queue-size).
preset-webrick = WEBrick, el servidor HTTP que venía con Ruby hasta Ruby 3.0 (ahora es una gema aparte): un hilo por conexión (hasta 100, MaxClients), pero el bloqueo global de la máquina virtual de Ruby (GVL) solo deja ejecutar código Ruby a un hilo a la vez, así que las peticiones que calculan se atienden una tras otra; un hilo que espera a una base de datos libera el bloqueo.
preset-nodejs = Node.js es un entorno de ejecución de JavaScript, no un servidor web: cada programa crea su propio servidor con el módulo http (http.createServer(handler).listen(3000)). Un solo hilo ejecuta el bucle de eventos; mantiene tantas conexiones como permite el sistema operativo (server.maxConnections no tiene límite por defecto), y todo lo que espera (base de datos, disco, red) es un callback (función de retrollamada), así que las peticiones de E/S se solapan libremente; pero el trabajo de cálculo atiende una petición cada vez y bloquea todas las demás.
preset-flask-dev = Flask es un framework web de Python; el servidor que arranca para desarrollo (el de Werkzeug, no pensado para producción) funciona aquí sin hilos (threaded=False, el valor por defecto antes de Flask 1.0; desde entonces, cada petición tiene su hilo): una petición cada vez, de la aceptación a la respuesta. Todo lo demás espera en la cola de aceptación de 128 plazas, y un solo cliente lento retiene el servidor entero.
server-flask-dev = Servidor de desarrollo de Flask
preset-postgresql = PostgreSQL: un proceso del sistema operativo por conexión de cliente, como máximo 100 conexiones (max_connections, 3 de ellas reservadas a superusuarios). A partir de ahí, un cliente nuevo recibe «sorry, too many clients already»: por eso las aplicaciones comparten un pequeño pool de conexiones.
preset-mysql = MySQL: un hilo por conexión de cliente, como máximo 151 (max_connections), más una reservada a un administrador. A partir de ahí, «Too many connections»; otras 80 pueden esperar en la cola de aceptación (back_log).
preset-mongodb = MongoDB: un hilo por conexión de cliente y hasta 1.000.000 de conexiones entrantes por defecto (net.maxIncomingConnections), así que en la práctica se alcanzan antes los límites del sistema operativo (archivos abiertos, memoria).
sweep-heading = Tiempo de respuesta frente a la carga
sweep-intro = Cada punto es una ejecución independiente de { $n } peticiones con una carga dada; la línea es lo que predice la teoría de colas (M/M/c) para el mismo servidor, más dos tiempos de ida y vuelta (RTT) de la red: la conexión y luego la petición con su respuesta. Cerca de la carga máxima, la espera crece sin límite.
sweep-title = Tiempo medio de respuesta (ms)
sweep-x = Carga ofrecida ρ = λ / (c·μ)
sweep-theory = Teoría M/M/c, c = { $c }
sweep-simulated = Simulado
sweep-run = Medir la curva
sweep-running = Midiendo…

lesson-compare-title = ¿Cliente-servidor o entre pares?
lesson-compare-intro-1 = Un archivo, los mismos pares, las mismas líneas: a la izquierda un servidor envía él mismo el archivo a cada par; a la derecha los pares forman un enjambre e intercambian trozos entre ellos como hace BitTorrent, con el servidor como primera semilla.
lesson-compare-intro-2 = Cada punto es un par que se llena a medida que llegan sus trozos. La teoría da a cada lado un límite inferior (Kurose y Ross): con un único servidor se necesitan al menos N·F/u_s, que crece con cada par; un enjambre necesita al menos N·F/(u_s + Σu_i), porque cada par nuevo también sube datos. Cambia N y mira el gráfico del tiempo frente a N.
setting-peers = Pares (N)
setting-file = Tamaño del archivo (F)
setting-server-up = Subida del servidor (u_s)
setting-peer-up = Subida de cada par (u_i)
setting-peer-down = Bajada de cada par (d_i)
setting-piece = Tamaño de trozo
setting-slots = Envíos simultáneos por par
setting-seeding = Los pares que terminan se quedan y suben
setting-churn = Una quinta parte de los pares se va antes (abandono)
setting-flash-crowd = Avalancha: llegan otros tantos pares a mitad de la distribución
setting-server-fails = El servidor falla tras enviar tres copias
compare-cs = Cliente-servidor
compare-p2p = Entre pares (P2P)
compare-done = Todos los pares tienen el archivo: { $s } s.
compare-never = Algunos pares nunca tendrán el archivo: no queda ninguna copia completa.
compare-progress = { $done } de { $n } pares tienen el archivo.
compare-bound = Teoría: al menos { $s } s.
compare-ideal = Planificación ideal
compare-scheduler = Quién envía qué a quién
compare-scheduler-bittorrent = Reglas de BitTorrent
compare-scheduler-ideal = Reglas de BitTorrent y planificación ideal
compare-ideal-intro = El tercer panel sigue la planificación de la demostración de Kumar y Ross: el servidor envía a cada par su propia parte del archivo, y cada par reenvía cada trozo de esa parte a todos los demás en cuanto lo tiene completo. Todos los pares reciben al mismo ritmo y terminan un trozo pequeño después del límite.
compare-ideal-calm = La planificación ideal supone los N pares desde el principio, que ninguno se va y que el servidor no falla: el abandono, la avalancha y el fallo del servidor solo afectan a los otros paneles.
compare-ideal-too-many = En la planificación ideal cada par envía a todos los demás, N·(N−1) conexiones: elige como mucho { $max } pares para verla.
compare-ideal-cost = Con las reglas de BitTorrent se tardó { $bt } s, un { $pct } más que con la planificación ideal ({ $ideal } s): la subida de los pares estuvo ocupada el { $bt_use } del tiempo, frente al { $ideal_use } en la ideal. Esa capacidad se pierde al principio, cuando los pares aún no tienen nada que intercambiar y esperan los trozos del servidor; con el estrangulamiento (choking), que deja a cada par subir datos solo a unos pocos, elegidos por lo que le devuelven; y con «el más raro primero», que elige entre los trozos que un vecino tiene en ese momento, de modo que al final algunos pares esperan sus últimos trozos.
chart-peers-done = Pares con el archivo completo
chart-upload = Subida en uso (Mbit/s)
upload-cs-server = Cliente-servidor: servidor
upload-p2p-server = Entre pares: servidor
upload-p2p-peers = Entre pares: pares
nsweep-heading = Tiempo de distribución frente a N
nsweep-intro = Para cada N, una prueba aparte de cada lado (sin abandonos, avalanchas ni fallos). Las líneas son los límites inferiores; los puntos, lo que midió la simulación.
nsweep-title = Tiempo hasta que todos tengan el archivo (s)
nsweep-x = Pares (N)
nsweep-cs-bound = Límite cliente-servidor
nsweep-p2p-bound = Límite entre pares
nsweep-run = Medir frente a N

lesson-gossip-title = Un bloque se propaga por difusión epidémica (gossip)
lesson-gossip-intro-1 = En una red entre pares (P2P), como la de una cadena de bloques (blockchain), ningún servidor avisa a todos de un bloque nuevo: cada nodo que lo tiene se lo pasa a unos pocos, que a su vez se lo pasan a otros. Cada punto es un nodo; uno rojo acaba de recibir el bloque; uno naranja ya lo tenía.
lesson-gossip-intro-2 = Los nodos informados casi se duplican en cada ronda, así que incluso a una red enorme se llega en unas pocas decenas de rondas: unas log₂ N + ln N si cada nodo avisa a un destino al azar por ronda (Frieze y Grimmett). Compara las rondas para 50 y para 10.000 nodos.
setting-nodes = Nodos
setting-gossip = Cada nodo informado, en cada ronda
gossip-push-1 = avisa a 1 nodo al azar
gossip-push-2 = avisa a 2 nodos al azar
gossip-push-4 = avisa a 4 nodos al azar
gossip-flood = avisa a sus vecinos, una vez (inundación)
gossip-status = Ronda { $round }: { $informed } de { $n } nodos tienen el bloque.
gossip-theory = Teoría: unas { $rounds } rondas.
gossip-chart-informed = Nodos con el bloque
gossip-round = Ronda
gossip-informed = Informados
gossip-chart-sizes = Rondas hasta alcanzar a todos
gossip-size = Nodos (escala logarítmica)
gossip-theory-line = Teoría
gossip-simulated = Simulado

popular-heading = Un objeto popular: ¿un servidor o los pares?
popular-intro = Peticiones en lugar de un archivo entero: los mismos { $n } pares piden un objeto de 1 MB, tan a menudo que el servidor está ocupado el 80 % del tiempo. Si está solo, el servidor envía cada copia; con pares que guardan copia, un cliente que ya tiene el objeto se responde a sí mismo, y uno que no lo tiene lo pide a un par libre que lo tenga, o al servidor si ningún par está libre o es más rápido.
popular-server = Servidor solo
popular-peers = Los pares guardan copia
popular-mean = Espera media
popular-theory = Teoría (procesador compartido)
popular-server-load = El servidor envía
popular-from-peers = Servido por pares
popular-run = Comparar
popular-theory-note = Teoría: sin pares, el servidor es una cola de procesador compartido en la que cada transferencia va, como mucho, a la velocidad de bajada del cliente ({ $d } Mbit/s); el resultado no depende de cómo varíe el tamaño de los objetos. Con pares no hay una fórmula así (—): las peticiones que llegan al servidor disminuyen a medida que se extienden las copias y nunca se estabilizan.
popular-explain = Con pares que guardan copia, el { $local } de las peticiones se respondió con la copia del propio cliente y el { $peers }, desde un par libre; el { $server } restante fue al servidor, { $fallback } de ellas cuando algún par tenía copia pero ningún par libre era tan rápido como la parte del servidor (un par sube a { $up } Mbit/s). Así ninguna descarga espera a un par lento, y el servidor envió { $load } Mbit/s en lugar de { $load0 }.

## ¿Qué es un servidor?
lesson-servers-title = ¿Qué es un servidor?
lesson-servers-intro-1 = Un servidor es un programa que espera peticiones y las responde, y también la máquina en la que se ejecuta. Una máquina puede ejecutar muchos: cada uno escucha en su propio puerto, así que un cliente llega a un servidor con la dirección IP de la máquina y el puerto del programa, que juntos forman un socket.
lesson-servers-intro-2 = Tu dispositivo pide al DNS la dirección de la máquina servidora y después llama a sus puertas una por una: el servidor web, el servidor de correo, la base de datos, una aplicación Node.js, el servidor de impresión, un puerto en el que no escucha nadie y otro que cierra el cortafuegos. Elige el dispositivo o ejecuta el cliente en el propio servidor.
lesson-servers-try = Prueba ahora: elige otro dispositivo y compara cuánto tarda la misma página, o activa «En el propio servidor» y observa cómo los paquetes dan la vuelta dentro de la máquina en lugar de viajar por el cable. Después abre «Qué pasa cuando abres una página web».
node-phone = Móvil
node-laptop = Portátil
node-desktop = Ordenador de sobremesa
node-carrier = Red móvil
node-home-router = Router de casa
node-server-machine = server.example.com
role-phone = El móvil del estudiante, en una red móvil 4G: tiene una dirección privada del espacio de direcciones compartido del operador (100.64.0.0/10, RFC 6598), y la pasarela del operador la traduce (NAT).
role-laptop = El portátil del estudiante, conectado a la Wi-Fi de casa, detrás del router.
role-desktop = El ordenador de sobremesa del estudiante, conectado por cable a una línea de fibra en casa.
role-dns-server = El servidor DNS que tiene asignado el dispositivo: conoce los nombres de las máquinas de example.com y responde con sus direcciones.
role-server-machine = Una máquina, muchos servidores: nginx (web, puertos 80 y 443), Postfix (correo, 25), PostgreSQL (base de datos, 5432), una aplicación Node.js (3000) y CUPS (impresión, 631) escuchan cada uno en su propio puerto; sshd escucha en el 22, pero el cortafuegos descarta lo que le llega desde fuera. Haz clic en ella para ver sus sockets tal como los muestra ss.
role-other-client = El ordenador de otro usuario, en algún lugar de Internet, que abre el mismo sitio web.
kind-text = Otra aplicación (SMTP, IMAP, POP3, SSH, PostgreSQL, WebSocket)
sum-text = { $line }
layer-smtp = Aplicación (SMTP)
layer-ssh = Aplicación (SSH)
layer-pgsql = Aplicación (PostgreSQL)
layer-imap = Aplicación (IMAP)
layer-pop3 = Aplicación (POP3)
field-line = Línea
field-message-bytes = Longitud, bytes
story-ask-server-name = El dispositivo conoce el nombre del servidor, server.example.com, pero no su dirección: primero se la pide a su servidor DNS. Para llegar a un servidor, un cliente ya utiliza otro.
story-knock-web = Puerta 80: el dispositivo abre una conexión TCP con el puerto 80 (SYN, SYN-ACK, ACK) y pide una página (GET /). nginx, el servidor web que escucha ahí, responde 200 OK. El navegador mantiene abierta esta conexión para el próximo clic.
story-knock-web-loopback = Ahora el cliente se ejecuta en la propia máquina servidora, como un desarrollador que prueba su trabajo. Se conecta a 127.0.0.1, la dirección de bucle local (loopback, RFC 1122): los paquetes dan la vuelta dentro de la máquina y nunca tocan el cable; por eso localhost:3000 funciona sin ninguna red. Responde la puerta 80: nginx, 200 OK.
story-shared-port = Otros dos clientes abren el mismo sitio a la vez. El puerto del servidor sigue siendo el 80 para todos: cada conexión se distingue por la dirección y el puerto del otro extremo, así que el servidor mantiene un par de sockets por cliente. Haz clic en el servidor: una línea ESTAB en :80 por cada cliente.
story-knock-https = Puerta 443: el mismo servidor web, con TLS. Tras el acuerdo en tres fases de TCP llega el acuerdo TLS (handshake: ClientHello, ServerHello…), y a partir de ahí la petición y la página viajan cifradas: quien espíe ve tamaños, no palabras.
story-knock-mail = Puerta 25: Postfix, el servidor de correo, habla primero: «220 server.example.com ESMTP Postfix (Ubuntu)». El cliente dice QUIT, el servidor responde «221 2.0.0 Bye» y cuelga. Como ha cerrado primero, mantiene la conexión en TIME-WAIT durante 60 s (Linux), como muestra su tabla de sockets.
story-knock-database = Puerta 5432: PostgreSQL, la base de datos. El cliente envía su mensaje de inicio (usuario, base de datos) y el servidor le pide una contraseña (SCRAM-SHA-256). El cliente solo quería saber si la puerta se abre: cuelga. (Recién instalado, PostgreSQL solo escucha en localhost; el administrador de esta máquina lo abrió con listen_addresses = '*'.)
story-knock-app = Puerta 3000: una aplicación Node.js, en el puerto que suelen usar las aplicaciones en desarrollo. Responde a GET /api/hello con datos (JSON), no con una página.
story-knock-print = Puerta 631: CUPS, el servidor de impresión. Las impresoras y los ordenadores se comunican con él mediante IPP, que viaja sobre HTTP; aquí el cliente le pide su lista de impresoras. (Recién instalado, CUPS solo escucha en localhost; esta máquina comparte sus impresoras con Port 631 en cupsd.conf.)
story-knock-closed = Puerta 8080: ningún programa escucha en este puerto.
story-door-refused = El sistema operativo de la máquina responde al SYN con un RST de inmediato: el cliente informa de «conexión rechazada» un RTT después de llamar. La máquina está ahí; el programa, no.
story-knock-filtered = Puerta 22: ahí escucha sshd, pero el cortafuegos de la máquina descarta todo lo que llega desde fuera para el puerto 22, sin decir nada.
story-knock-filtered-loopback = Puerta 22: desde fuera, el cortafuegos descarta todo lo que va al puerto 22. Pero el cliente está en la propia máquina, y los cortafuegos dejan que una máquina hable consigo misma: sshd responde con su versión, «SSH-2.0-OpenSSH_9.6p1…».
story-knock-again = No hay respuesta, así que el cliente vuelve a enviar su SYN: al cabo de 1 s, luego de 2, 4, 8, 16 y 32 s (el temporizador se duplica cada vez). El reloj se salta los segundos de silencio intermedios.
story-door-timed-out = Tras el sexto reintento, el cliente espera 64 s más y desiste, 127 s después de llamar (en Linux, tcp_syn_retries = 6): «se ha agotado el tiempo de conexión». Un paquete descartado no dice nada, así que el cliente no puede distinguir un cortafuegos de una máquina apagada.
story-tour-done = Todas las puertas probadas: seis respondieron (nginx detrás de dos de ellas), un puerto rechazó la conexión y otro se quedó en silencio. En este dispositivo, la página de la puerta 80 tardó { $web } desde el SYN hasta la respuesta. Haz clic en el servidor para ver sus sockets.
story-tour-done-loopback = Todas las puertas probadas, todas en la propia máquina: la página de la puerta 80 tardó { $web }, porque nada cruzó ningún cable. Haz clic en el servidor para ver sus sockets: los extremos del cliente también están ahí, en 127.0.0.1.
servers-device = El dispositivo que pregunta
device-phone = Móvil con 4G: ida y vuelta de 30 ms, bajada de 30 Mbit/s, subida de 8, pérdidas del 0,5 %
device-laptop = Portátil con la Wi-Fi de casa: ida y vuelta de 20 ms, bajada de 70 Mbit/s, subida de 20, pérdidas del 0,2 %
device-desktop = Ordenador de sobremesa con fibra: ida y vuelta de 10 ms, 150 Mbit/s en ambos sentidos, sin pérdidas
servers-sources = Valores redondeados de los informes Mobile Matters (2023, 2024) y UK Home Broadband Performance (2023) de Ofcom y del Speedtest Global Index (2022) de Ookla; las pérdidas son ilustrativas.
servers-same-machine = En el propio servidor (127.0.0.1)
kinds-title = Tipos de servidores
kinds-web-name = Servidor web
kinds-web = Páginas, imágenes y datos mediante HTTP (puerto 80) y HTTPS (443). Aparece aquí y en «Qué pasa cuando abres una página web» y «Un servidor sometido a carga».
kinds-mail-name = Servidor de correo
kinds-mail = Recibe y entrega el correo electrónico mediante SMTP (25, y 587 para el envío desde los programas de correo); los clientes de correo lo leen mediante IMAP (143, 993) o POP3 (110, 995). Aparece aquí, en la puerta 25.
kinds-file-name = Servidor de archivos
kinds-file = Archivos para descargar o subir mediante FTP (21), SFTP (22) o HTTP. De momento aparece en el laboratorio como las descargas de «¿Cliente-servidor o entre pares?».
kinds-database-name = Servidor de bases de datos
kinds-database = Responde a las consultas de las aplicaciones con su propio protocolo: PostgreSQL 5432, MySQL 3306, MongoDB 27017. Aparece aquí, en la puerta 5432.
kinds-print-name = Servidor de impresión
kinds-print = Recibe los trabajos de impresión y gestiona las impresoras mediante IPP (631). Aparece aquí, en la puerta 631.
kinds-game-name = Servidor de juegos
kinds-game = Mantiene el estado compartido de una partida y envía a cada jugador lo que ha cambiado, muchas veces por segundo, normalmente mediante UDP. Aún no está en el laboratorio.
kinds-application-name = Servidor de aplicaciones
kinds-application = Ejecuta el código de una aplicación (Node.js, Tomcat, Flask) y responde a sus peticiones, a menudo con datos. Aparece aquí, en la puerta 3000, y en «Un servidor sometido a carga».

## El viaje de un correo electrónico
lesson-email-title = El viaje de un correo electrónico
lesson-email-intro-1 = Alice escribe a Bob. Su programa de correo entrega el mensaje al servidor de correo de su proveedor, smtp.alice.example, que encuentra el servidor de correo de Bob preguntando al DNS y le pasa el mensaje. Después, el programa de correo de Bob lo recoge del servidor de su proveedor.
lesson-email-intro-2 = Cada paso es un diálogo hecho de palabras: SMTP para enviar (RFC 5321), IMAP o POP3 para leer. Elige cómo lee Bob su correo y qué programa usan los servidores de correo, Postfix o Exim; haz que Alice se equivoque al escribir su contraseña, o apaga el servidor de Bob durante 20 minutos.
lesson-email-try = Prueba ahora: haz que Bob lea su correo con POP3 y observa cómo el mensaje sale del servidor; haz que Alice se equivoque con su contraseña; o apaga mx1 y observa cómo el servidor de reserva guarda el mensaje y vuelve a intentarlo, con Postfix y luego con Exim. Haz clic en un servidor de correo para ver sus valores por defecto, su cola y el buzón de Bob.
node-alice = Portátil de Alice
node-bob = Portátil de Bob
node-smtp-alice = smtp.alice.example
node-mx1 = mx1.bob.example
node-mx2 = mx2.bob.example
role-alice = El portátil de Alice, en casa, detrás de su router. Su programa de correo conoce el servidor de su proveedor, smtp.alice.example, y su contraseña.
role-bob = El portátil de Bob. Su programa de correo consulta su buzón en mx1.bob.example a los dos segundos del inicio (a los 35 minutos cuando mx1 está apagado).
role-smtp-alice = El servidor de correo del proveedor de Alice (Postfix o Exim, según elijas): acepta el correo de sus usuarios en el puerto de envío (submission), el 587, cuando la conexión ya está cifrada y el usuario ha iniciado sesión, lo pone en cola y lo pasa al dominio del destinatario. Haz clic en él para ver sus valores por defecto.
role-mx1 = El servidor de correo del proveedor de Bob, el primero que nombran los registros MX de bob.example (preferencia 10): recibe el correo para bob.example en el puerto 25, y Dovecot permite a Bob leerlo mediante IMAPS (993) o POP3S (995). Haz clic en él para ver el buzón de Bob.
role-mx2 = El servidor de correo de reserva de bob.example (preferencia 20): un remitente solo lo prueba cuando mx1 no responde. No guarda buzones: pone en cola el correo para bob.example y se lo pasa a mx1. Haz clic en él para ver su cola.
role-dns-mail = El servidor DNS: conoce los registros MX de bob.example, que nombran los servidores que reciben su correo y su orden de preferencia, y las direcciones de esos servidores.
state-mailbox = Buzón
state-queue = En la cola
state-mta = Programa
state-max-connections = Conexiones a la vez, como máximo
state-size-limit = Mensaje más grande
state-connect-timeout = Espera a que responda un servidor
state-retry-waits = Esperas antes de reintentar
state-queue-run = Revisa su cola cada
setting-reading = Cómo lee Bob su correo
reading-imap = IMAP (el correo se queda en el servidor)
reading-pop3 = POP3 (el correo se descarga y se borra)
setting-wrong-password = Alice se equivoca al escribir su contraseña
setting-mta = Los servidores de correo usan
mta-postfix = Postfix
mta-exim = Exim
mta-design-postfix = Postfix, escrito por Wietse Venema como sustituto más seguro de Sendmail, es un equipo de pequeños programas, cada uno sin más privilegios de los que necesita su tarea: smtpd recibe, qmgr gestiona la cola, smtp entrega y master los pone en marcha cuando hacen falta. Es el servidor de correo por defecto de Ubuntu.
mta-design-exim = Exim, escrito por Philip Hazel en la Universidad de Cambridge, es un único programa que lo hace todo, guiado por un único archivo de configuración de listas de acceso, routers y transportes, con el que su administrador puede decidir casi cualquier detalle. Es el servidor de correo por defecto de Debian.
setting-mx1-down = mx1 está apagado durante sus primeros 20 minutos
story-mail-submit = Alice envía su mensaje. Su programa de correo se conecta al servidor de su proveedor en el puerto 587, el puerto de envío (submission), y el servidor lo saluda: «{ $greeting }». El programa se presenta con EHLO y el servidor enumera lo que sabe hacer.
story-mail-starttls = Antes de enviar nada privado, el programa dice STARTTLS y un acuerdo TLS (handshake) cifra la conexión (RFC 3207). A partir de ahí, quien espíe ve tamaños, no palabras.
story-mail-auth = El programa inicia sesión: AUTH PLAIN lleva el nombre y la contraseña de Alice solo codificados en base64, así que están a salvo únicamente porque TLS los cifra. El servidor los comprueba en su lista de usuarios.
story-mail-auth-refused = La contraseña es incorrecta: «{ $reply }». El servidor no acepta nada de alguien a quien no conoce; el programa dice QUIT y avisa a Alice de que su contraseña ha sido rechazada. El mensaje se queda en su bandeja de salida.
story-mail-envelope = El sobre: MAIL FROM indica el remitente, y RCPT TO, el destinatario. El servidor comprueba que puede aceptar correo para bob@bob.example de este usuario (250 Ok); después llegan DATA y el mensaje propiamente dicho, cabeceras y cuerpo.
story-mail-queued = «{ $reply }»: el servidor de Alice ya tiene el mensaje en su cola, y la parte de Alice ha terminado. Su programa dice QUIT.
story-mail-ask-mx = El servidor de Alice tiene que encontrar el servidor que recibe el correo de bob.example. Pide al DNS los registros MX del dominio: mx1 con preferencia 10 y mx2 con 20. Se prueba primero el servidor con el valor de preferencia más bajo (RFC 5321 §5.1), así que pide la dirección de mx1.
story-mail-relay = Se conecta a mx1.bob.example en el puerto 25, por el que los servidores de correo se pasan el correo entre ellos. Aquí no hay contraseña: mx1 acepta de cualquiera el correo para su propio dominio. Cifra la conexión con STARTTLS cuando el otro extremo lo ofrece.
story-mail-delivered = mx1 responde «{ $reply }»: el mensaje está en el buzón de Bob. Si mx1 no hubiera respondido, Postfix habría desistido a los 30 s y lo habría intentado con mx2; si no hubiera respondido ninguno, guardaría el mensaje y volvería a intentarlo al cabo de 5 minutos, luego de 10, 20… Apaga mx1 para verlo.
story-mail-read = Bob consulta su correo. Su programa se conecta a mx1 en el puerto 993, IMAP sobre TLS desde el primer byte, y Dovecot lo saluda. Inicia sesión y abre la bandeja de entrada (SELECT INBOX).
story-mail-read-pop3 = Bob consulta su correo. Su programa se conecta a mx1 en el puerto 995, POP3 sobre TLS desde el primer byte, y Dovecot lo saluda: «+OK Dovecot (Ubuntu) ready.» Inicia sesión con USER y PASS, y pregunta cuántos mensajes esperan (STAT).
story-mail-fetched = El programa recupera el mensaje (FETCH … BODY[]) y el servidor lo marca como \Seen. El mensaje se queda en el servidor, en la bandeja de entrada de Bob, así que su móvil y su portátil ven el mismo correo. Haz clic en mx1.bob.example: el buzón todavía lo guarda.
story-mail-fetched-pop3 = El programa descarga el mensaje (RETR), lo marca para borrarlo (DELE) y dice QUIT: el servidor lo borra (RFC 1939). Ahora solo está en el portátil de Bob; su móvil nunca lo verá. Haz clic en mx1.bob.example: el buzón está vacío.
story-mail-delivered-exim = mx1 responde «{ $reply }»: el mensaje está en el buzón de Bob. Si mx1 no hubiera respondido, Exim habría probado con mx2 en cuanto TCP desistiera, a los 127 s; si no hubiera respondido ninguno, guardaría el mensaje y volvería a intentarlo cada 15 minutos durante dos horas, en sus pasadas por la cola. Apaga mx1 para verlo.
story-mail-delivered-late = mx1 ha vuelto, y la pasada por la cola de mx2 le entrega el mensaje: «{ $reply }». Por fin está en el buzón de Bob, muchos minutos después de que Alice lo enviara. El correo no es instantáneo: pasa de servidor en servidor y espera allí donde el siguiente está caído, pero no se pierde.
story-mail-silent = mx1 no responde: su máquina está apagada y los SYN se pierden. Al cabo de { $waited } s (el smtp_connect_timeout de Postfix) el servidor desiste de mx1 y prueba con el siguiente servidor de la lista.
story-mail-silent-exim = mx1 no responde: su máquina está apagada y los SYN se pierden. Exim esperaría 5 minutos (connect_timeout), pero Linux desiste antes, tras su sexto reintento del SYN: { $waited } s. El servidor prueba entonces con el siguiente de la lista.
story-mail-backup = mx2, el servidor de reserva, acepta el mensaje. No guarda ningún buzón para Bob: pone el mensaje en cola y ahora debe pasarlo. Pregunta al DNS, se encuentra en la lista y solo conserva los servidores con una preferencia menor que la suya, es decir, solo mx1 (RFC 5321 §5.1).
story-mail-deferred = mx1 sigue sin responder. Ningún servidor ha aceptado el mensaje, así que mx2 lo guarda en su cola; su próximo intento será dentro de { $wait } s. Postfix espera 5 minutos tras un fallo, luego el doble cada vez, hasta 4000 s, y toma el mensaje en la siguiente revisión de su cola (cada 5 minutos).
story-mail-deferred-exim = mx1 sigue sin responder. Ningún servidor ha aceptado el mensaje, así que mx2 lo guarda en su cola; su próximo intento será dentro de { $wait } s. La regla de reintentos por defecto de Exim espera 15 minutos entre intentos durante las dos primeras horas, luego cada vez más, hasta 4 días; cada intento se hace en la siguiente pasada por la cola (cada 30 minutos en Debian).
story-mail-retry = Una pasada por la cola: mx2 saca el mensaje de su cola y vuelve a intentarlo con mx1, con un nuevo SYN.
story-mail-back-on = mx1 vuelve a encenderse, 20 minutos después del inicio. Nadie avisa a mx2: lo descubrirá en su próximo intento.

lesson-privacy-title = Lo que ven los demás
lesson-privacy-intro-1 = El estudiante abre www.example.com y otros cuatro miran: alguien en la misma red wifi, el proveedor de Internet, el resolvedor DNS que responde a las preguntas del navegador y el servidor web, que anota cada petición en su registro. Lo que ve cada uno depende de dónde está.
lesson-privacy-intro-2 = Elige desde qué punto de vista mirar y activa HTTPS y DNS sobre HTTPS (DoH): verás qué deja de ver cada uno y qué sigue viendo. En el inspector aparece en gris lo que el observador elegido no puede leer.
lesson-privacy-try = Ahora prueba: activa HTTPS, luego DNS sobre HTTPS, y compara lo que sabe el proveedor; después mira desde el resolvedor y desde el servidor, que leen todo lo que se les envía, sea cual sea la configuración.
setting-doh = DNS sobre HTTPS (DoH)
setting-observer = Quién mira
observer-wifi = Alguien en la misma red wifi
observer-isp = El proveedor de Internet
observer-resolver = El resolvedor DNS
observer-server = El registro del servidor web
privacy-post-wifi = Lee las tramas entre el portátil y el router de casa, antes del NAT, así que ve la dirección privada del portátil. Suponemos una red abierta (la de una cafetería) o una red WPA2 cuya contraseña conoce y cuyo acuerdo de conexión ha capturado: entonces puede calcular la clave del portátil. Con WPA3 no puede, aunque conozca la contraseña: solo ve tramas cifradas y sus tamaños.
privacy-post-isp = Transporta todo lo que pasa entre el router de casa e Internet, después del NAT: la dirección pública del router, todas las direcciones y puertos y todo lo que no va cifrado.
privacy-post-resolver = Responde a las preguntas del navegador, así que lee cada nombre consultado y la dirección de la que llega, vaya cifrado o no: tiene las claves de sus propias conexiones.
privacy-post-server = Recibe las peticiones, así que las lee enteras, con HTTPS o sin él, y anota una línea por cada una en su registro (el formato por defecto de nginx): la dirección de origen, la hora, la petición, el código de estado y el tamaño.
privacy-learnt-title = Lo que sabe { $observer }
privacy-names = Nombres consultados en DNS
privacy-addresses = Direcciones IP
privacy-server-names = Nombres de servidor en TLS (SNI)
privacy-requests = Peticiones (rutas de las URL)
privacy-content = Contenido
privacy-none = nada
inspector-read-as = En gris: lo que { $observer } no puede leer.
inspector-absent = Este paquete nunca llega a { $observer }: no puede leer nada de él.
state-access-log = Registro de accesos
story-priv-dns-clear = El navegador pregunta la dirección de www.example.com con una consulta DNS por el puerto UDP 53. No va cifrada: quien esté en la red wifi, y el proveedor, leen el nombre.
story-priv-dns-sealed = El navegador pregunta por DNS sobre HTTPS: se conecta al puerto 443 del resolvedor, saluda indicando dns.provider.example y envía la consulta como un POST cifrado a /dns-query. Por el camino nadie lee el nombre consultado; solo se ve una conexión con el resolvedor.
story-priv-hierarchy = El resolvedor lee la consulta y pregunta a los servidores raíz, de .com y de example.com desde su propia dirección. Sabe quién ha preguntado: la dirección pública de la casa.
story-priv-connect = El navegador se conecta a 203.0.113.80. Quien vea los paquetes sabe con qué dirección habla la casa, y cuándo, con HTTPS o sin él.
story-priv-hello = TLS empieza con un ClientHello, que indica en claro el sitio que quiere, www.example.com (SNI), para que una misma dirección pueda servir muchos sitios. Encrypted Client Hello (RFC 9849) lo ocultaría; este navegador no lo usa.
story-priv-request-clear = La petición sale legible: «GET /index.html», con Host: www.example.com. Todos los que están en el camino leen qué página es y después la página misma.
story-priv-request-sealed = La petición sale cifrada: por el camino solo se ven su tamaño y las direcciones. La ruta y la página son solo para el servidor.
story-priv-logged = El servidor responde y anota una línea en su registro de accesos: la dirección pública de la casa, la hora, la línea de la petición, el código de estado y el tamaño. HTTPS protege el viaje, no lo que el servidor hace con lo que recibe.
story-priv-done-wifi = La página está completa. Quien está en la red wifi se queda con la lista de la tarjeta: compárala con HTTPS y DoH activados o no.
story-priv-done-isp = La página está completa. El proveedor se queda con la lista de la tarjeta: con HTTPS y DoH sigue viendo las direcciones y los nombres de los ClientHello.
story-priv-done-resolver = La página está completa. El resolvedor se queda con la lista de la tarjeta: DoH oculta la consulta al camino, no al resolvedor que la responde.
story-priv-done-server = La página está completa. El servidor se queda con la lista de la tarjeta y una línea por petición en su registro: el cifrado no cambia nada para él.

# La lección «¿Quién eres y qué puedes hacer?» (?lesson=login)
lesson-login-title = ¿Quién eres y qué puedes hacer?
lesson-login-intro-1 = Alice guarda sus notas en notes.example, un sitio hecho con Django 5.2. El sitio debe saber quién pregunta (autenticación) antes de decidir qué puede ver (autorización): sus notas, sí; las de Bob, no.
lesson-login-intro-2 = Observa cómo inicia sesión, usa lo que el inicio de sesión le da y cierra la sesión. Elige una cookie de sesión o un token de portador, desactiva HTTPS para ver la contraseña en la red, o haz que se equivoque al escribirla hasta que el sitio la bloquee.
lesson-login-try = Prueba ahora: desactiva HTTPS y haz clic en el POST para leer la contraseña en el inspector; cambia a un token de portador; o haz que Alice se equivoque 3 veces al escribir su contraseña. Después haz clic en notes.example para ver lo que guarda el sitio: un hash, nunca la contraseña.
prepare-hashing = El sitio no guarda ninguna contraseña, solo un hash con sal de cada una, que Django calcula en 1.000.000 de rondas de HMAC-SHA-256 para que adivinar contraseñas sea lento. Tu ordenador está calculando ahora esos hashes, como hizo el sitio al crear las cuentas: unos segundos y empieza la lección.
prepare-progress = Hashes calculados
node-notes = notes.example
role-notes = El sitio de notas: Django 5.2 con su configuración por defecto, y django-axes contra quien adivina contraseñas. Guarda la contraseña de cada usuario como un hash con sal, y sus sesiones o tokens en su base de datos.
role-alice-login = El portátil de Alice. Su navegador (o, con un token, su aplicación de notas) conoce el nombre del sitio y su contraseña, «secret».
role-dns-login = El servidor DNS: conoce la dirección de notes.example.
state-user = Usuario (auth_user)
state-session = Sesión (django_session)
state-token = Token (authtoken_token)
state-failures = Inicios de sesión fallidos (django-axes)
setting-auth = Cómo recuerda el sitio a Alice
auth-cookie = Una cookie de sesión
auth-token = Un token de portador (una aplicación)
setting-tls = HTTPS (TLS)
setting-typos = Veces que Alice se equivoca al escribir su contraseña
field-headers = Cabeceras
field-body = Cuerpo
story-login-ask = El navegador de Alice pide sus notas, /notes/alice/. La petición no dice nada de quién es: HTTP por sí mismo no recuerda a nadie, cada petición va sola.
story-login-challenge = La página es solo para usuarios con sesión iniciada (login_required de Django): el sitio responde «302 Found» con Location: /accounts/login/?next=/notes/alice/, una redirección a su formulario de inicio de sesión que recuerda adónde quería ir.
story-login-challenge-token = La API responde «401 Unauthorized» con WWW-Authenticate: Bearer: di quién eres, con un token (RFC 6750). Una aplicación, a diferencia de un navegador, no recibe formulario: debe pedir un token ella misma.
story-login-form = El navegador sigue la redirección y recibe el formulario de inicio de sesión. Con él llega la cookie csrftoken, y el formulario esconde un token hecho a partir de ella: Django solo acepta un inicio de sesión enviado desde su propio formulario.
story-login-password = Alice escribe su contraseña y el navegador envía el formulario con POST. Con HTTP sin cifrar, cualquiera en el camino puede leer el cuerpo: haz clic en el paquete y lee password=secret en el inspector.
story-login-password-sealed = Alice escribe su contraseña y el navegador la envía con POST. El cuerpo lleva password=secret, pero dentro de TLS: en la red, quien observe ve tamaños, no la contraseña. El sitio la lee tras descifrarla.
story-login-wrong = La contraseña es incorrecta. El sitio nunca guardó «secret»: tomó la sal del hash guardado, aplicó PBKDF2 con SHA-256 1.000.000 de veces a lo escrito (unos 0,23 s de tiempo del servidor) y el resultado no coincide. El formulario vuelve con un error.
story-login-wrong-token = La contraseña es incorrecta: el sitio le aplicó PBKDF2 (1.000.000 de rondas, unos 0,23 s) con la sal guardada y el hash no coincide. La API responde «400 Bad Request»: «Unable to log in with provided credentials».
story-login-locked = Tercer fallo desde esta dirección: django-axes responde «429 Too Many Requests» y bloquea el inicio de sesión. Ahora se rechaza incluso la contraseña correcta, sin comprobarla, hasta que un administrador la desbloquee. Se acabó probar contraseñas una tras otra.
story-login-session = El hash coincide: es Alice. Django abre una sesión, una fila en su base de datos con una clave aleatoria, y responde «302 Found» con Set-Cookie: sessionid=…; HttpOnly (los scripts no pueden leerla); Max-Age=1209600 (dos semanas); SameSite=Lax.
story-login-session-token = El hash coincide: es Alice. La API crea un token, 40 dígitos hexadecimales aleatorios guardados en su base de datos, y lo devuelve en el cuerpo. Quien lo tenga es Alice para el sitio: un token de portador.
story-login-carried = El navegador envía la cookie con cada petición al sitio: Cookie: sessionid=…. Django encuentra la sesión y sabe que es Alice: «200 OK», sus notas.
story-login-carried-token = La aplicación envía ahora el token con cada petición: Authorization: Bearer … (RFC 6750). La API lo encuentra y sabe que es Alice: «200 OK», sus notas.
story-login-forbidden = Alice pide las notas de Bob. El sitio sabe quién es (autenticación) y decide que no puede verlas (autorización): «403 Forbidden», no 401: volver a iniciar sesión no cambiaría nada.
story-login-logout = Alice cierra la sesión: un POST a /accounts/logout/ (Django 5 ya no cierra la sesión con un GET, que cualquier enlace o imagen podría provocar).
story-login-logout-token = Alice cierra la sesión: la aplicación hace un POST a /api/logout/ con su token, y el sitio borra el token de su base de datos: «204 No Content».
story-login-ended = Para mostrar que la sesión ha terminado en el servidor, no solo en el navegador, se envía otra vez la cookie antigua, como haría quien la hubiera copiado: Django ha borrado esa sesión y vuelve a mandar la petición al formulario de inicio de sesión.
story-login-ended-token = El token antiguo, enviado otra vez como haría quien lo hubiera copiado: «401 Unauthorized», «Invalid token.». El sitio lo ha olvidado.

# La lección «Una conexión viva» (?lesson=websocket)
lesson-websocket-title = Una conexión viva
lesson-websocket-intro-1 = Alice tiene abierto un chat con Bob en chat.example. Bob escribe cuando quiere; ¿cuándo se entera el navegador de Alice? HTTP solo responde a preguntas, así que el navegador tiene que seguir preguntando o convertir su conexión en otra cosa.
lesson-websocket-intro-2 = Observa un WebSocket: una sola petición HTTP actualiza la conexión y después el servidor envía cada mensaje en el momento en que se escribe. Cambia a sondeo (una pregunta cada pocos segundos) o a sondeo largo (una pregunta que el servidor retiene hasta que hay novedades) y compara mensajes, bytes y retrasos en la tabla.
lesson-websocket-try = Ahora prueba: cambia a sondeo cada 10 segundos y después a sondeo largo, y compara la tabla. Haz clic en la respuesta 101 para comprobar su Sec-WebSocket-Accept, o en una trama de Alice para ver su clave de máscara.
node-chat = chat.example
role-chat = El servidor del chat. Guarda los mensajes y avisa al navegador de Alice de cada mensaje nuevo como lo permite el método elegido: por un WebSocket, al instante; a un sondeo, cuando se le pregunta; a un sondeo largo, que retiene hasta 30 segundos.
role-alice-chat = El portátil de Alice, con la página del chat abierta. La página se cargó justo antes, así que el navegador ya conoce la dirección del servidor.
layer-websocket = Aplicación (WebSocket)
state-chat-message = Mensaje (id, autor, texto, cuándo llegó)
state-chat-held = Sondeo largo retenido
state-chat-received = Mensaje recibido (id, con qué retraso)
setting-push = Cómo se entera el navegador de los mensajes nuevos
push-websocket = WebSocket
push-polling = Sondeo (polling)
push-long-polling = Sondeo largo (long polling)
setting-every = Sondear cada (segundos)
setting-chat-tls = TLS (wss:// y https://)
chat-table-title = El mismo chat, de tres maneras
chat-table-way = Método
chat-table-messages = Mensajes
chat-table-bytes = Bytes
chat-table-delay = Retraso medio
chat-table-max = máx. { $d }
chat-table-note = Calculado con las ejecuciones de esta lección: mensajes HTTP y tramas WebSocket en ambos sentidos, los bytes que llevaron las conexiones por encima de TCP y cuánto tardó cada uno de los 4 mensajes de Bob desde que llegó al servidor hasta que llegó al navegador de Alice.
story-chat-upgrade = La página abre un WebSocket: una petición HTTP GET normal de /chat, con Upgrade: websocket, Connection: Upgrade, Sec-WebSocket-Version: 13 y Sec-WebSocket-Key, 16 bytes aleatorios en base64.
story-chat-switched = El servidor acepta: «101 Switching Protocols». Su Sec-WebSocket-Accept es el SHA-1 de la clave seguida de un GUID fijo, en base64: la prueba de que entendió la petición. A partir de ahora esta conexión ya no lleva HTTP, solo tramas.
story-chat-pushed = Bob escribe y el servidor envía el mensaje al instante en una trama: una cabecera de 2 bytes (FIN, el código de operación 1 para texto, la longitud) y el texto. Nadie lo ha pedido: el servidor lo empuja. Alice lo tiene un trayecto después, unos 20 ms.
story-chat-poll = La página pregunta «¿hay algo nuevo?»: GET /messages?since=0. Volverá a preguntar cada pocos segundos, haya pasado algo o no.
story-chat-poll-long = La página pregunta «¿hay algo nuevo?» con un sondeo largo: GET /messages?since=0&wait=30. El servidor puede hacerla esperar.
story-chat-nothing = Nada nuevo: el servidor responde «200 OK» con una lista vacía, []. Un intercambio HTTP completo, con todas sus cabeceras, para no saber nada.
story-chat-held = Todavía no hay nada nuevo, así que el servidor no responde: retiene la petición, y la conexión, hasta que llegue un mensaje o pasen 30 segundos.
story-chat-polled = El siguiente sondeo encuentra los mensajes de Bob. Han esperado en el servidor hasta que el navegador preguntó: cada uno con un retraso de hasta el periodo de sondeo.
story-chat-polled-long = Bob escribe y el servidor responde al instante a la petición retenida. El navegador envía enseguida el siguiente sondeo largo; un mensaje escrito mientras esa petición va de camino tiene que esperarla.
story-chat-alice-frame = Alice escribe. Su navegador envía una trama enmascarada con una clave aleatoria nueva de 4 bytes (toda trama de un cliente va enmascarada): 2 bytes de cabecera, 4 de clave y después el texto.
story-chat-alice-post = Alice escribe. Su navegador envía el mensaje con un POST a /messages; el servidor responde «201 Created». Con el sondeo largo la primera conexión está retenida, así que esto va por una segunda.
story-chat-hold-over = Treinta segundos sin novedades: el servidor responde a la petición retenida con una lista vacía, antes de que un proxy del camino la abandone, y el navegador vuelve a preguntar enseguida.
story-chat-closed = Alice cierra la página: el navegador cierra sus conexiones. La tabla compara este método con los otros dos.
story-chat-closed-websocket = Alice cierra la página: su navegador envía una trama Close (código 1000, cierre normal), el servidor responde con la suya y cierra la conexión TCP. La tabla compara este método con el sondeo.
