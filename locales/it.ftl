# Client-Server Lab, italiano. Una riga `chiave = valore`; `{ $nome }` è un segnaposto.

app-title = Client-Server Lab
app-tagline = Guarda come parlano client e server
lang-switch-label = Lingua

notice-unknown-param = Ignorato il parametro sconosciuto «{ $name }» nell’indirizzo.
notice-bad-value = Ignorato «{ $name }={ $value }» nell’indirizzo: il valore deve essere uno tra { $expected }.
notice-dismiss = Chiudi

stage-label = La rete
node-browser = Browser
node-router = Router
node-dns = Server DNS locale
node-web = Server web
role-browser = Il computer dello studente. Il suo browser vuole mostrare una pagina, ma conosce solo il nome del sito, non il suo indirizzo.
role-router = Inoltra i pacchetti tra le reti che collega. Ne legge gli indirizzi, non il contenuto.
role-dns = Il server DNS locale traduce nomi come www.example.com in indirizzi IP e, quando non li conosce, chiede ad altri server DNS.
role-web = Conserva le pagine di www.example.com e risponde alle richieste HTTP del browser.

controls-label = Controlli della simulazione
control-play = Avvia
control-pause = Pausa
control-step = Passo
control-speed = Velocità
speed-value = 1 s = { $amount } di tempo di rete
sim-time = Tempo simulato

panel-narration = Che cosa succede
lesson-web-title = Che cosa succede quando apri una pagina web
lesson-web-intro-1 = Scrivi www.example.com e premi Invio. Il browser conosce il nome del sito, ma i pacchetti viaggiano verso indirizzi, non nomi.
lesson-web-intro-2 = Per questo prima chiede l’indirizzo al server DNS. Poi si collega al server web, invia una richiesta HTTP e riceve la pagina in pacchetti.
panel-details = Dettagli
details-hint = Seleziona una macchina sulla scena per vedere che cosa fa.
details-address = Indirizzo IP

open-full-app = Apri l’app completa

error-title = Qualcosa è andato storto
error-body = Il simulatore si è fermato per un errore interno. Ricaricando la pagina riparte; le tue impostazioni restano nell’indirizzo.
error-reload = Ricarica
error-details = Dettagli tecnici

notice-not-number = Ignorato «{ $name }={ $value }» nell’indirizzo: il valore deve essere un numero.

bench-title = Benchmark del motore
bench-workload = Una simulazione di coda con { $requests } richieste: { $servers } worker, { $arrival } arrivi/s, { $service } servizi/s per worker, seme { $seed }. Esegui `cslab-cli queue` con gli stessi parametri per confrontare con il codice nativo.
bench-running = In esecuzione in WebAssembly…
bench-done = Fatto.
bench-events = Eventi
bench-engine-time = Tempo del motore
bench-rate = Eventi al secondo
bench-mean-response = Tempo medio di risposta
bench-trace-hash = Hash della traccia
bench-invalid = Questa simulazione non può partire: { $reason }
bench-back = Torna al laboratorio

node-client = Client { $n }
role-client = Il computer di un utente, che invia richieste al server e ne attende le risposte.
control-back = Indietro
lesson-picker-label = Lezione
lesson-refuse-title = Il server dice di no
lesson-refuse-intro-1 = Quattro client inviano richieste tre volte più in fretta di quanto il server riesca a rispondere: serve una richiesta alla volta e ognuna richiede circa 200 ms.
lesson-refuse-intro-2 = Le richieste che arrivano mentre è occupato aspettano nella sua coda di accettazione, che ha posto per due. Quando la coda è piena il server rifiuta subito la richiesta e lo comunica al client.

control-help = Scorciatoie
help-title = Scorciatoie da tastiera
key-space = Spazio
help-play = Avvia o metti in pausa
help-step = Vai all’evento successivo
help-back = Torna all’evento precedente
help-toggle = Mostra o nascondi questo elenco
help-close = Chiudi

node-internet = Internet
node-root-dns = DNS radice
node-tld-dns = DNS .com
node-auth-dns = DNS example.com
role-internet = I router di Internet tra la rete dello studente e i server DNS lontani.
role-root-dns = Un server DNS radice: non conosce www.example.com, ma sa quali server rispondono per .com.
role-tld-dns = Il server DNS di .com: sa quali server rispondono per example.com.
role-auth-dns = Il server DNS autorevole di example.com: conserva l’indirizzo di www.example.com.
legend-label = Pacchetti
kind-dns = DNS
kind-tcp = Controllo TCP
kind-tls = Handshake TLS
kind-http = Richiesta o risposta HTTP
kind-data = Dati
kind-plain = Richiesta o risposta
kind-encrypted = Cifrato
kind-dropped = Scartato
kind-queued = In attesa in una coda

events-title = Eventi
events-filter = Mostra protocolli
events-none = Non è ancora stato inviato nulla.
sum-dns-query = Interrogazione { $type } { $name }
sum-dns-answer = Risposta { $name }: { $answers }
sum-dns-referral = Rinvio per { $name }: chiedere a { $servers }
sum-dns-nxdomain = { $name } non esiste
sum-tcp = { $flags } seq={ $seq } ack={ $ack }
sum-tls = { $record }
sum-http = { $line }
sum-data = Dati, { $bytes } byte
sum-plain = Pacchetto, { $bytes } byte
inspector-title = Pacchetto { $number }
inspector-plain = Questo pacchetto non porta alcun messaggio di protocollo da ispezionare.
inspector-hidden = Cifrato: chi intercetta il collegamento vede solo il record TLS, non questi campi.
layer-link = Collegamento (Ethernet)
layer-ip = Rete (IP)
layer-tcp = Trasporto (TCP)
layer-udp = Trasporto (UDP)
layer-tls = Sicurezza (TLS)
layer-dns = Applicazione (DNS)
layer-http = Applicazione (HTTP)
field-frame-bytes = Dimensione del frame, byte
field-src = Origine
field-dst = Destinazione
field-ttl = Tempo di vita
field-length = Lunghezza totale, byte
field-src-port = Porta di origine
field-dst-port = Porta di destinazione
field-seq = Numero di sequenza
field-ack = Numero di riscontro
field-flags = Flag
field-window = Finestra, byte
field-payload = Carico utile, byte
field-retransmission = Ritrasmissione
field-record = Record
field-encrypted = Cifrato
field-dns-id = ID della richiesta
field-question = Domanda
field-rcode = Codice di risposta
field-answers = Risposte
field-authority = Autorità
field-additional = Aggiuntivi
field-method = Metodo
field-path = Percorso
field-host = Host
field-status = Stato
field-head-bytes = Intestazioni, byte
field-body-bytes = Corpo, byte

settings-title = Prova tu
setting-rtt = Tempo di andata e ritorno
setting-bandwidth = Larghezza di banda
setting-loss = Perdita di pacchetti
setting-parallel = Connessioni in parallelo
setting-mode = Connessioni HTTP
mode-nonpersistent = Non persistenti
mode-persistent = Persistenti
mode-pipelined = Persistenti, con pipelining
setting-https = HTTPS (TLS)
setting-dns-cached = L’indirizzo è già nella cache del browser
timing-waiting = I tempi compaiono quando la pagina è completa.
timing-total = Pagina caricata in { $ms } ms
timing-bar = Tempo di ciascuna fase
timing-theory = Formula del libro: { $rtts } viaggi di andata e ritorno = { $ms } ms, senza DNS né tempo di trasmissione.
phase-dns = DNS
phase-connect = Connessione TCP
phase-tls = TLS
phase-first-byte = Primo byte
phase-transfer = Trasferimento

story-ask-dns = Il browser conosce solo il nome www.example.com, quindi chiede l’indirizzo al server DNS locale.
story-cached-dns = L’indirizzo è già nella cache del browser: nessuna domanda DNS esce dal computer.
story-hierarchy = Nemmeno il server DNS locale lo conosce. Chiede a un server radice, che lo rimanda al server di .com, che lo rimanda al server di example.com.
story-dns-answer = Arriva la risposta: ora il browser conosce l’indirizzo IP del server web.
story-handshake = TCP apre una connessione in tre passi: SYN, SYN-ACK, ACK.
story-tls = TLS concorda le chiavi con un altro viaggio di andata e ritorno; da qui in poi chi intercetta vede solo pacchetti sigillati.
story-request = Il browser invia la sua richiesta HTTP: GET /index.html.
story-response = La pagina torna divisa in pacchetti; TCP ne conferma l’arrivo e li rimette in ordine.
story-objects = Il browser legge l’HTML, trova il foglio di stile, lo script e le immagini a cui rimanda, e chiede anche quelli.
story-page-done = È arrivato tutto: il browser compone e mostra la pagina.

control-restart = Ricomincia
control-restart-title = Esegui di nuovo la lezione dall’inizio, con un nuovo seme casuale
timeline-label = Linea del tempo

view-label = Vista
view-network = Rete
view-sequence = Sequenza

gauge-serving = In servizio
gauge-queue = Coda
gauge-refused = Rifiutate: { $n }

state-connection = Connessione TCP
state-cache = Cache DNS

filter-layer = Livello
filter-all-layers = Tutti i livelli
filter-application = Applicazione (DNS, HTTP)
filter-security = Sicurezza (TLS)
filter-transport = Trasporto (TCP)
filter-network = Rete (IP)

bench-anim-title = Benchmark dell'animazione
bench-anim-workload = Una rete generata di { $routers } router e { $hosts } host; ogni host invia un flusso di pacchetti a un host dall'altra parte della rete. Il tempo della rete scorre a { $ratio } × il tempo reale; si misurano { $frames } fotogrammi dopo un riscaldamento.
bench-anim-stage = La rete generata e i suoi pacchetti
bench-anim-filling = Riempimento della rete…
bench-anim-warming-up = Riscaldamento…
bench-anim-measuring = Misura del fotogramma { $frame } di { $frames }: { $packets } pacchetti sulla scena.
bench-anim-callback = Funzione di ogni fotogramma (avanzamento e disegno), p50 / p95 / max
bench-anim-interval = Tempo tra i fotogrammi dell'animazione, p50 / p95 / max
bench-anim-packets = Pacchetti sulla scena, min / mediana
bench-anim-events = Simulato durante la misura
bench-anim-events-value = { $events } eventi in { $ms } ms di tempo di rete
bench-anim-js-heap = Heap di JavaScript, inizio → fine
bench-anim-wasm-memory = Memoria di WebAssembly, inizio → fine
