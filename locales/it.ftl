# Client-Server Lab, italiano. Una riga `chiave = valore`; `{ $nome }` è un segnaposto.
#
# Termini: un concetto, una sola forma in tutte le chiavi.
#   accept queue / listen backlog → coda di accettazione
#   DNS query → interrogazione DNS (interrogare un server)
#   round-trip time → tempo di andata e ritorno (RTT) la prima volta; poi RTT
#   handshake → handshake (TCP: «handshake a tre vie»)
#   upload / download → upload / download (non «carica», che si confonde con «carico» = load)
#   worker → worker; thread → thread; thread pool → pool di thread; event loop → event loop
#   callback → callback; handler → il codice dell’applicazione
#   request / response → richiesta / risposta; refused → rifiutata; dropped → scartato
#   load balancer → bilanciatore di carico; round robin → a turno (round robin)
#   authoritative (DNS) → autoritativo
#   URL (the page's address) → URL, mai «indirizzo» (riservato agli indirizzi IP)
# Numeri (src/i18n.rs): virgola decimale e punto delle migliaia da cinque cifre: 0,5; 1500; 22.255,202; 80%.

app-title = Client-Server Lab
app-tagline = Guarda come comunicano client e server
lang-switch-label = Lingua

notice-unknown-param = Ignorato il parametro sconosciuto «{ $name }» nell’URL.
notice-bad-value = Ignorato «{ $name }={ $value }» nell’URL: il valore deve essere uno tra { $expected }.
notice-dismiss = Chiudi

stage-label = La rete
node-browser = Browser
node-router = Router
node-dns = Server DNS locale
node-web = Server web
node-off = Spento
role-browser = Il computer dello studente. Il suo browser vuole mostrare una pagina, ma conosce solo il nome del sito, non il suo indirizzo.
role-router = Il router di casa collega la rete domestica (192.168.1.0/24, indirizzi privati) alla rete del fornitore di accesso a Internet. Inoltra i pacchetti in base agli indirizzi, senza guardarne il contenuto, e traduce gli indirizzi (NAT): tutto ciò che un dispositivo di casa invia esce con l’unico indirizzo pubblico del router e con una porta che il router annota nella sua tabella NAT, così le risposte tornano al dispositivo giusto.
role-net-router = Inoltra i pacchetti tra le reti che collega. Ne legge gli indirizzi, non il contenuto.
role-dns = Il server DNS locale traduce nomi come www.example.com in indirizzi IP e, quando non conosce la risposta, interroga altri server DNS.
role-web = Ospita le pagine di www.example.com e risponde alle richieste HTTP del browser.

controls-label = Controlli della simulazione
control-play = Avvia
control-pause = Pausa
control-step = Passo
control-speed = Velocità
run-restarted = La simulazione è ripartita da 0 con le nuove impostazioni.
run-ended = La simulazione è finita: in questa rete non succede più niente. Premi Avvia per rivederla, o cambia un’impostazione.
step-number = Passo { $n }.
step-next = Passo successivo
step-pause-at-steps = Fermati a ogni passo
help-next-step = Riproduci il passo successivo della storia
lesson-complete = Lezione completata.
lesson-web-try = Ora prova: attiva «HTTPS (TLS)» e conta l’RTT in più; porta la «Perdita di pacchetti» al 5% e guarda TCP rispedire un segmento perso; oppure scegli «Connessioni HTTP» non persistenti e vedrai ogni file aprire una connessione tutta sua.
lesson-refuse-try = Ora prova: scegli un altro «Sistema del server» e guarda la stessa coda piena dire di no in un altro modo: con un RST immediato o con un HTTP 503.
lesson-load-try = Ora prova: alza il «Carico» oltre quello che un server regge e guarda crescere la coda e i tempi di risposta; poi aggiungi «Server» o cambia la «Distribuzione del carico».
lesson-compare-try = Ora prova: porta «Peer (N)» a 1000 o 10.000 e guarda il server da solo restare sempre più indietro mentre lo sciame quasi non rallenta; oppure togli la spunta a «I peer che finiscono restano e continuano a inviare».
lesson-gossip-try = Ora prova: porta «Nodi» a 10.000 e conta i pochi round in più che servono rispetto a 200; oppure cambia «Ogni nodo informato, a ogni round».
speed-value = 1 s = { $amount } di tempo di rete
sim-time = Tempo simulato

panel-narration = Che cosa succede
lesson-web-title = Che cosa succede quando apri una pagina web
lesson-web-intro-1 = Scrivi www.example.com e premi Invio. Il browser conosce il nome del sito, ma i pacchetti viaggiano verso indirizzi, non nomi.
lesson-web-intro-2 = Per questo prima chiede l’indirizzo al server DNS. Poi si collega al server web, invia una richiesta HTTP e riceve la pagina in pacchetti.
panel-details = Dettagli
details-hint = Seleziona una macchina nello schema della rete per vedere che cosa fa.
details-address = Indirizzo IP

open-full-app = Apri l’app completa

error-title = Qualcosa è andato storto
error-body = Il simulatore si è fermato per un errore interno. Ricaricando la pagina riparte; le tue impostazioni restano nell’URL.
error-reload = Ricarica
error-details = Dettagli tecnici

notice-not-number = Ignorato «{ $name }={ $value }» nell’URL: il valore deve essere un numero.
notice-language-unavailable = Non è stato possibile caricare la lingua «{ $language }» ({ $reason }): riprova o ricarica la pagina.

node-client = Client { $n }
role-client = Il computer di un utente, che invia richieste al server e ne attende le risposte.
control-back = Indietro
lesson-picker-label = Lezione
lesson-refuse-title = Il server dice di no
lesson-refuse-intro-1 = Quattro client inviano richieste tre volte più in fretta di quanto il server riesca a rispondere: serve una richiesta alla volta e ognuna gli costa circa 200 ms di lavoro.
lesson-refuse-intro-2 = Le connessioni che arrivano mentre è occupato aspettano nella sua coda di accettazione (il programma ha chiesto due posti; Linux ne tiene uno in più). Che cosa succede quando la coda è piena dipende dal sistema del server: sceglilo qui sotto e osserva che cosa passa in rete.

control-help = Scorciatoie
help-title = Scorciatoie da tastiera
key-space = Spazio
help-play = Avvia o metti in pausa
help-step = Vai all’evento successivo
help-back = Torna all’evento precedente
help-toggle = Mostra o nascondi questo elenco
help-escape = Chiudi questo elenco
help-close = Chiudi

node-internet = Internet
node-root-dns = DNS radice
node-tld-dns = DNS .com
node-auth-dns = DNS example.com
role-internet = I router di Internet tra la rete dello studente e i server DNS lontani.
role-root-dns = Un server DNS radice: non conosce www.example.com, ma sa quali server sono autoritativi per .com.
role-tld-dns = Il server DNS di .com: sa quali server sono autoritativi per example.com.
role-auth-dns = Il server DNS autoritativo di example.com: conserva l’indirizzo di www.example.com.
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
events-none-filtered = Non è ancora stato inviato niente dei tipi scelti.
events-lost = perso
events-retransmission = ritrasmesso
sum-dns-query = Interrogazione { $type } { $name }
sum-dns-answer = Risposta { $name }: { $answers }
sum-dns-referral = Rinvio per { $name }: interrogare { $servers }
sum-dns-nxdomain = { $name } non esiste
sum-tcp = { $flags } seq={ $seq } ack={ $ack }
sum-tls = { $record }
sum-http = { $line }
label-wire = { $text }
label-dns-query = Interrogazione { $type }
label-dns-answer = Risposta { $type }
label-dns-referral = Rinvio
label-dns-nxdomain = Non esiste
label-encrypted = Cifrato
sum-data = Dati, { $bytes } byte
sum-plain = Pacchetto, { $bytes } byte
inspector-title = Pacchetto { $number }
inspector-plain = Questo pacchetto non porta alcun messaggio di protocollo da ispezionare.
inspector-hidden = Cifrato: chi intercetta il collegamento vede solo il record TLS, non questi campi.
inspector-seen = Intestazioni così come le invia { $node }.
layer-nat = Traduzione degli indirizzi (NAT): { $router }
inspector-nat-out = Oltre il router, Internet vede l’indirizzo pubblico del router e la porta che la sua tabella NAT assegna a questo dispositivo, mai l’indirizzo privato.
inspector-nat-in = La risposta arriva all’indirizzo pubblico del router; il router cerca la porta nella sua tabella NAT e la consegna al dispositivo di casa.
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
field-ttl = Tempo di vita (TTL)
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
field-sni = Nome del server (SNI)
field-encrypted = Cifrato
field-dns-id = ID dell’interrogazione
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
setting-rtt = Tempo di andata e ritorno (RTT)
setting-bandwidth = Larghezza di banda
setting-loss = Perdita di pacchetti
setting-parallel = Connessioni in parallelo
setting-mode = Connessioni HTTP
mode-nonpersistent = Non persistenti
mode-persistent = Persistenti
mode-pipelined = Persistenti, con pipelining
setting-init-cwnd = Finestra iniziale di TCP (segmenti)
setting-init-cwnd-10 = 10 (RFC 6928)
setting-init-cwnd-3 = 3 (RFC 5681)
setting-https = HTTPS (TLS)
setting-dns-cached = L’indirizzo è già nella cache del browser
timing-waiting = I tempi compaiono quando la pagina è completa.
timing-total = Pagina caricata in { $ms } ms
timing-bar = Tempo di ciascuna fase
timing-theory = Formula teorica (Kurose-Ross): { $rtts } RTT = { $ms } ms, senza contare DNS, slow start e tempo di trasmissione.
timing-measured = Senza il DNS, questo caricamento ha richiesto { $rtts } RTT; la formula ne prevede { $textbook }.
timing-slow-start = Slow start: TCP invia { $segments } segmenti nel primo RTT e raddoppia la finestra a ogni RTT successivo, quindi la pagina da { $kb } kB ha richiesto { $rtts } RTT in più.
timing-no-slow-start = Lo slow start non è costato nulla: con una finestra iniziale di { $segments } segmenti, raddoppiata a ogni RTT, nessuna risposta della pagina da { $kb } kB ha dovuto aspettare.
timing-sending = Trasmettere i bit a { $mbps } Mbit/s ha aggiunto { $ms } ms ({ $rtts } RTT).
timing-loss = I pacchetti persi, rilevati e ritrasmessi, hanno aggiunto { $ms } ms ({ $rtts } RTT).
phase-dns = DNS
phase-connect = Connessione TCP
phase-tls = TLS
phase-first-byte = Primo byte
phase-objects = Attesa degli altri file (RTT)
phase-sending = Tempo di trasmissione (banda)

story-ask-dns = Il browser conosce solo il nome www.example.com, quindi chiede il suo indirizzo al server DNS locale (un’interrogazione di tipo A).
story-cached-dns = L’indirizzo è già nella cache del browser: nessuna interrogazione DNS esce dal computer.
story-hierarchy = Nemmeno il server DNS locale lo conosce. Chiede a un server radice, che lo rimanda al server di .com, che lo rimanda al server di example.com.
story-dns-answer = Arriva la risposta: ora il browser conosce l’indirizzo IP del server web.
story-handshake = TCP apre la connessione con l’handshake a tre vie: SYN, SYN-ACK, ACK. Costa un RTT prima che la richiesta possa partire.
story-tls = TLS 1.3 concorda le chiavi con un RTT in più (TLS 1.2 ne richiede due). Da lì in poi chi intercetta non può leggere i messaggi HTTP, che viaggiano come dati cifrati; vede però le intestazioni IP e TCP e il nome del sito, che il ClientHello trasporta in chiaro (SNI).
story-request = Il browser invia la sua richiesta HTTP: GET /index.html.
story-response = La pagina torna divisa in pacchetti; TCP ne conferma l’arrivo e li rimette in ordine.
story-objects = Il browser legge l’HTML e trova i file a cui rimanda: { $files }. Chiede anche quelli.
story-new-connection = HTTP non persistente: il server chiude la connessione dopo ogni risposta (Connection: close), quindi il browser apre una nuova connessione TCP per ogni file, con un handshake a tre vie in più (e, con HTTPS, anche un handshake TLS) prima di ogni richiesta.
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

state-sockets = Socket, come li elenca ss -tanp
state-cache = Cache DNS
state-public-address = Indirizzo sul lato Internet
state-nat = Traduzione NAT

filter-layer = Livello
filter-all-layers = Tutti i livelli
filter-application = Applicazione (DNS, HTTP)
filter-security = Sicurezza (TLS)
filter-transport = Trasporto (TCP)
filter-network = Rete (IP)
story-connect = Un client apre una connessione TCP verso il server: SYN.
story-queued = L’unico worker del server è occupato: il sistema operativo completa l’handshake a tre vie e la nuova connessione aspetta nella coda di accettazione.
story-served = Il worker finisce una richiesta e invia la risposta (200 OK); poi prende la connessione successiva in attesa nella coda.
story-syn-dropped = La coda di accettazione è piena. Linux scarta il SYN senza rispondere: niente RST, nessun errore. Il client non può sapere perché; aspetta e basta.
story-syn-again = Il client non ha avuto risposta entro il suo timeout di ritrasmissione (1 s la prima volta, poi 2 s, 4 s…: RFC 6298) e rimanda il SYN. L’utente vede solo una pagina lenta a caricarsi; dopo 6 tentativi (circa 127 s) il browser rinuncerebbe con «timeout della connessione».
story-refused-abort = L’ultimo ACK dell’handshake ha trovato piena la coda di accettazione. Con net.ipv4.tcp_abort_on_overflow = 1 Linux risponde con un RST (per impostazione predefinita scarta l’ACK e rimanda il SYN-ACK). Il client si era già connesso, quindi l’utente vede «connessione reimpostata» (ECONNRESET).
story-refused-windows = La coda di accettazione è piena. Windows risponde subito al SYN con un RST: la connect del client fallisce con «connessione rifiutata» (WSAECONNREFUSED) un RTT dopo il tentativo, e il browser mostra una pagina di errore.
story-refused-iis = La coda del pool di applicazioni è piena. Il driver di IIS nel kernel, http.sys, ha già completato l’handshake e letto la richiesta, e risponde da sé: 503 Service Unavailable. L’utente vede una pagina di errore, non un browser in attesa.
story-refused-proxy = Il server ha accettato la connessione, ma il programma che gli sta davanti (qui nginx con un limite limit_conn) è al limite e risponde 503. Il rifiuto è di HTTP, non di TCP.
story-refused-closed = Nessun programma è in ascolto su questa porta. Il sistema operativo del server risponde a ogni SYN con un RST (RFC 9293): «connessione rifiutata» un RTT dopo, qualunque sia il carico.
setting-refusal = Sistema del server
refusal-linux = Linux (impostazioni predefinite)
refusal-linux-abort = Linux con tcp_abort_on_overflow = 1
refusal-windows = Windows
refusal-iis = IIS (http.sys)
refusal-proxy = nginx davanti, con limit_conn
refusal-closed-port = Nessun programma sulla porta
gauge-dropped = SYN scartati: { $n }
state-workers = Worker occupati
state-backlog = Coda di accettazione
state-refused = Connessioni rifiutate
state-dropped = SYN e ACK finali scartati
node-replica = Server { $n }
story-revisit = Un attimo dopo riapri la stessa pagina.
story-reuse = La connessione TCP della prima visita è ancora aperta: la richiesta parte subito, senza un nuovo handshake.
story-reconnect = HTTP non persistente ha chiuso le connessioni della prima visita, quindi TCP deve riconnettersi: un RTT in più per ogni file (due con HTTPS).
story-not-modified = Il browser ha già questi file, quindi le sue richieste sono condizionali: «invialo solo se è cambiato» (If-None-Match con l’ETag del file). Il server risponde 304 Not Modified, senza il file.
story-revisit-done = La pagina è di nuovo pronta in { $second } ms, contro { $first } ms della prima volta: nessuna interrogazione DNS, nessun nuovo handshake e risposte 304 senza i file.
story-revisit-done-reconnect = La pagina è di nuovo pronta in { $second } ms, contro { $first } ms della prima volta: nessuna interrogazione DNS e risposte 304 senza i file, ma una nuova connessione per ogni file.
timing-second-visit = Seconda visita: { $ms } ms

lesson-load-title = Un server sotto carico
lesson-load-intro-1 = Gli utenti inviano richieste a un sito web al ritmo che scegli. Ogni richiesta richiede circa 20 ms di calcolo e ogni server ha quattro core: sotto la sua capacità tutto è veloce; sopra, le richieste aspettano in coda, e quando le code sono piene le nuove connessioni restano fuori (su Linux i loro SYN vengono scartati e i client li rimandano dopo 1 s, 2 s, 4 s…).
lesson-load-intro-2 = Cambia il software del server e guarda come reagisce la sua architettura; aggiungi server dietro un bilanciatore di carico; manda client lenti che tengono aperte le connessioni; spegni un server a metà dell’esecuzione. I grafici qui sotto seguono ogni server: «core occupati» dice quanta parte della macchina sta calcolando, ed è il limite reale di un sito che consuma CPU; «worker occupati», quale parte dei processi o thread del server è in uso.
node-balancer = Bilanciatore di carico
role-balancer = Riceve tutte le connessioni e passa ciascuna a uno dei server secondo la regola che scegli. Ogni 2 s controlla che ogni server risponda ancora: dopo 3 controlli falliti di fila (da 6 a 8 s dopo che smette di rispondere) smette di inviargli connessioni, e dopo 2 riusciti ricomincia (i valori predefiniti di HAProxy). Una richiesta rimasta senza risposta viene abbandonata dopo 50 s con un 504.
node-nginx = nginx
role-nginx = nginx è il server a cui si collegano i client: completa i loro handshake, legge ogni richiesta per intero e solo allora apre una connessione propria verso uno dei server, a turno (round robin). I client inattivi o lenti non occupano mai i worker di un server. nginx non sonda i server: sa che uno è caduto solo quando un tentativo fallisce (rifiutato, o nessuna risposta entro 60 s alla connessione o alla richiesta). Allora passa la richiesta al server successivo e lascia stare quello guasto per 10 s (max_fails=1, fail_timeout=10s). Se non resta nessun server risponde 502 Bad Gateway, o 504 Gateway Timeout dopo un timeout.
spread-rr = A turno (round robin)
spread-lc = Meno connessioni
spread-p2c = Il migliore di due a caso
spread-random = A caso
spread-nginx = nginx davanti (a turno)
spread-dns = DNS a turno (round robin), senza bilanciatore
setting-server = Software del server
setting-rate = Carico
rate-value = { $n } richieste/s
load-capacity = Questi server possono servire al massimo { $n } richieste/s.
setting-replicas = Server
setting-spread = Distribuzione del carico
setting-slow = Client lenti
setting-io = Ogni richiesta attende un database (I/O)
switch-off = Spegni il server { $n }
switch-on = Riaccendi il server { $n }
charts-heading = Ogni server, in diretta
chart-time-s = Tempo (s)
chart-throughput = Risposte al secondo
chart-response = Tempo di risposta (ms)
chart-queue = Richieste in attesa
chart-cores = Core occupati (su { $n })
chart-busy = Worker occupati (su { $n })
chart-refused = SYN scartati o rifiutati al secondo
preset-apache-prefork = Apache httpd con l’MPM prefork: un processo a thread singolo per connessione, fino a 256 (MaxRequestWorkers). Un processo resta occupato da quando accetta una connessione finché questa si chiude, anche se il client è lento o inattivo, quindi bastano 256 client lenti per far aspettare tutti gli altri nella coda di accettazione da 511 posti (ListenBacklog); quando è piena, Linux scarta le nuove richieste di connessione (SYN) e i client le rimandano dopo 1 s, 2 s, 4 s…
preset-apache-event = Apache httpd con l’MPM event: processi da 25 thread, 400 thread in tutto (MaxRequestWorkers). Un thread listener tiene le connessioni keep-alive inattive senza occupare un worker (fino a circa tre connessioni per worker), ma un worker resta occupato mentre legge una richiesta e mentre l’applicazione attende un database.
preset-nginx = Nginx, un server web che è anche reverse proxy, proxy di posta e proxy TCP/UDP generico: un processo worker per core (worker_processes auto, come lo impostano le configurazioni dei pacchetti; il valore predefinito compilato è 1), quindi quattro qui, ognuno con un event loop che sorveglia fino a 512 connessioni insieme (worker_connections). Le connessioni inattive o lente costano solo memoria, e un worker che attende l’applicazione dietro di sé intanto serve altre connessioni; ma un calcolo lungo blocca tutte le connessioni del suo worker.
preset-iis = Microsoft IIS: il driver del kernel http.sys accetta le connessioni, analizza le richieste e le mette in coda per il pool di applicazioni (1000 posti, queueLength; a coda piena, http.sys risponde 503 Service Unavailable). Fino a 5000 richieste girano insieme (appConcurrentRequestLimit) sul pool di thread di ASP.NET, e il codice sincrono dell’applicazione tiene occupato il suo thread mentre aspetta.
preset-tomcat = Apache Tomcat, un contenitore di servlet Java, con il connettore NIO: un thread poller tiene fino a 8192 connessioni senza occupare thread (maxConnections); ogni richiesta passa a uno dei 200 thread worker (maxThreads), che la tiene finché la risposta non è scritta, attese del database comprese. Quando tutte le connessioni sono occupate, altre 100 aspettano nella coda di accettazione del sistema operativo (acceptCount).
preset-glassfish = GlassFish / Payara, application server Jakarta EE: il listener NIO Grizzly tiene le connessioni senza thread, e le richieste girano sull’http-thread-pool, di 5 thread per impostazione predefinita (un pool minuscolo che le configurazioni di produzione aumentano), con fino a 4096 richieste in attesa di un thread (max-queue-size).
preset-webrick = WEBrick, il server HTTP incluso in Ruby fino a Ruby 3.0 (ora è una gem a parte): un thread per connessione (fino a 100, MaxClients), ma il lock globale della macchina virtuale di Ruby (GVL) lascia eseguire codice Ruby a un solo thread alla volta, quindi le richieste di calcolo sono servite una dopo l’altra; un thread che attende un database rilascia il lock.
preset-nodejs = Node.js è un runtime JavaScript, non un server web: ogni programma crea il proprio server con il modulo http (http.createServer(handler).listen(3000)). Un solo thread esegue l’event loop; tiene tutte le connessioni che il sistema operativo permette (server.maxConnections non ha un limite predefinito), e tutto ciò che aspetta (database, disco, rete) è una callback, quindi le richieste di I/O si sovrappongono liberamente; ma il lavoro di calcolo serve una richiesta alla volta e blocca tutte le altre.
preset-flask-dev = Flask è un framework web Python; il server che avvia per lo sviluppo (quello di Werkzeug, non pensato per la produzione) qui gira senza thread (threaded=False, il valore predefinito prima di Flask 1.0; da allora ogni richiesta ha il suo thread): una richiesta alla volta, dall’accettazione alla risposta. Tutto il resto aspetta nella coda di accettazione da 128 posti, e un solo client lento blocca l’intero server.
server-flask-dev = Server di sviluppo di Flask
preset-postgresql = PostgreSQL: un processo del sistema operativo per connessione client, al massimo 100 connessioni (max_connections, 3 delle quali riservate ai superutenti). Oltre, un nuovo client riceve «sorry, too many clients already»: per questo le applicazioni condividono un piccolo pool di connessioni.
preset-mysql = MySQL: un thread per connessione client, al massimo 151 (max_connections), più una riservata a un amministratore. Oltre, «Too many connections»; altre 80 possono aspettare nella coda di accettazione (back_log).
preset-mongodb = MongoDB: un thread per connessione client e fino a 1.000.000 di connessioni in ingresso per impostazione predefinita (net.maxIncomingConnections), quindi in pratica si raggiungono prima i limiti del sistema operativo (file aperti, memoria).
sweep-heading = Tempo di risposta rispetto al carico
sweep-intro = Ogni punto è un’esecuzione separata di { $n } richieste a un dato carico; la linea è ciò che prevede la teoria delle code (M/M/c) per lo stesso server, più due tempi di andata e ritorno (RTT) della rete: la connessione, poi la richiesta con la sua risposta. Vicino al carico massimo l’attesa cresce senza limite.
sweep-title = Tempo medio di risposta (ms)
sweep-x = Carico offerto ρ = λ / (c·μ)
sweep-theory = Teoria M/M/c, c = { $c }
sweep-simulated = Simulato
sweep-run = Misura la curva
sweep-running = Misurazione…

lesson-compare-title = Client-server o peer-to-peer?
lesson-compare-intro-1 = Un file, gli stessi peer, le stesse linee: a sinistra un server invia da solo il file a ogni peer; a destra i peer formano uno sciame e si scambiano pezzi tra loro come fa BitTorrent, con il server come primo seed.
lesson-compare-intro-2 = Ogni punto è un peer che si riempie man mano che arrivano i suoi pezzi. La teoria dà a ogni lato un limite inferiore (Kurose e Ross): un server da solo richiede almeno N·F/u_s, che cresce con ogni peer; uno sciame richiede almeno N·F/(u_s + Σu_i), perché ogni nuovo peer fa anche upload. Cambia N e guarda il grafico del tempo rispetto a N.
setting-peers = Peer (N)
setting-file = Dimensione del file (F)
setting-server-up = Upload del server (u_s)
setting-peer-up = Upload di ogni peer (u_i)
setting-peer-down = Download di ogni peer (d_i)
setting-piece = Dimensione dei pezzi
setting-slots = Invii simultanei per peer
setting-seeding = I peer che finiscono restano e continuano a inviare
setting-churn = Un quinto dei peer se ne va prima (churn)
setting-flash-crowd = Ondata: arrivano altrettanti peer a metà della distribuzione
setting-server-fails = Il server si guasta dopo aver inviato tre copie
compare-cs = Client-server
compare-p2p = Peer-to-peer
compare-done = Tutti i peer hanno il file: { $s } s.
compare-never = Alcuni peer non avranno mai il file: non resta nessuna copia completa.
compare-progress = { $done } peer su { $n } hanno il file.
compare-bound = Teoria: almeno { $s } s.
compare-ideal = Pianificazione ideale
compare-scheduler = Chi invia cosa a chi
compare-scheduler-bittorrent = Regole di BitTorrent
compare-scheduler-ideal = Regole di BitTorrent e pianificazione ideale
compare-ideal-intro = Il terzo riquadro segue la pianificazione della dimostrazione di Kumar e Ross: il server invia a ogni peer la sua parte del file, e ogni peer inoltra ogni pezzo di quella parte a tutti gli altri appena lo ha completo. Tutti i peer ricevono alla stessa velocità e finiscono un piccolo pezzo dopo il limite.
compare-ideal-calm = La pianificazione ideale presuppone tutti gli N peer dall’inizio, nessuno che se ne va e il server sempre attivo: abbandoni, ondata e guasto del server valgono solo per gli altri riquadri.
compare-ideal-too-many = Nella pianificazione ideale ogni peer invia a tutti gli altri, N·(N−1) connessioni: scegli al massimo { $max } peer per vederla.
compare-ideal-cost = Con le regole di BitTorrent ci sono voluti { $bt } s, il { $pct } in più della pianificazione ideale ({ $ideal } s): l’upload dei peer è stato occupato il { $bt_use } del tempo, contro il { $ideal_use } in quella ideale. Quella capacità si perde all’inizio, quando i peer non hanno ancora niente da scambiare e aspettano i pezzi del server; con il choking, che lascia a ogni peer inviare solo a pochi altri, scelti in base a quanto gli restituiscono; e con il rarest first, che sceglie tra i pezzi che un vicino ha in quel momento, così alla fine alcuni peer aspettano gli ultimi pezzi.
chart-peers-done = Peer con il file completo
chart-upload = Upload in uso (Mbit/s)
upload-cs-server = Client-server: server
upload-p2p-server = Peer-to-peer: server
upload-p2p-peers = Peer-to-peer: peer
nsweep-heading = Tempo di distribuzione rispetto a N
nsweep-intro = Per ogni N, una prova separata di ciascun lato (senza abbandoni, ondate o guasti). Le linee sono i limiti inferiori; i punti, ciò che ha misurato la simulazione.
nsweep-title = Tempo finché tutti hanno il file (s)
nsweep-x = Peer (N)
nsweep-cs-bound = Limite client-server
nsweep-p2p-bound = Limite peer-to-peer
nsweep-run = Misura rispetto a N

lesson-gossip-title = Un blocco si diffonde per gossip
lesson-gossip-intro-1 = In una rete peer-to-peer, come quella di una blockchain, nessun server avvisa tutti di un nuovo blocco: ogni nodo che lo ha lo passa a pochi altri, che a loro volta lo passano. Ogni punto è un nodo; uno rosso ha appena ricevuto il blocco, uno arancione lo aveva già.
lesson-gossip-intro-2 = I nodi informati quasi raddoppiano a ogni round, quindi anche una rete enorme viene raggiunta in qualche decina di round: circa log₂ N + ln N se ogni nodo avvisa un destinatario a caso per round (Frieze e Grimmett). Confronta i round per 50 e per 10.000 nodi.
setting-nodes = Nodi
setting-gossip = Ogni nodo informato, a ogni round
gossip-push-1 = avvisa 1 nodo a caso
gossip-push-2 = avvisa 2 nodi a caso
gossip-push-4 = avvisa 4 nodi a caso
gossip-flood = avvisa i suoi vicini, una volta (flooding)
gossip-status = Round { $round }: { $informed } nodi su { $n } hanno il blocco.
gossip-theory = Teoria: circa { $rounds } round.
gossip-chart-informed = Nodi con il blocco
gossip-round = Round
gossip-informed = Informati
gossip-chart-sizes = Round per raggiungere tutti
gossip-size = Nodi (scala logaritmica)
gossip-theory-line = Teoria
gossip-simulated = Simulato

popular-heading = Un oggetto popolare: un server o i peer?
popular-intro = Richieste invece di un file intero: gli stessi { $n } peer chiedono un oggetto da 1 MB, abbastanza spesso da tenere il server occupato all’80%. Da solo, il server invia ogni copia; con i peer che tengono una copia, un client che ha già l’oggetto risponde da sé, e uno che non l’ha lo chiede a un peer libero che lo abbia, oppure al server se nessun peer è libero o più veloce.
popular-server = Server da solo
popular-peers = I peer tengono una copia
popular-mean = Attesa media
popular-theory = Teoria (processor sharing)
popular-server-load = Il server invia
popular-from-peers = Servito dai peer
popular-run = Confronta
popular-theory-note = Teoria: senza peer, il server è una coda a processor sharing in cui ogni trasferimento va al massimo alla velocità di download del client ({ $d } Mbit/s); il risultato non dipende da come variano le dimensioni degli oggetti. Con i peer non c’è una formula del genere (—): le richieste che arrivano al server diminuiscono man mano che le copie si diffondono e non si stabilizzano mai.
popular-explain = Con i peer che tengono una copia, il { $local } delle richieste ha avuto risposta dalla copia del client stesso e il { $peers } da un peer libero; il restante { $server } è andato al server, { $fallback } di queste quando qualche peer aveva una copia ma nessun peer libero era veloce quanto la quota del server (un peer invia a { $up } Mbit/s). Così nessun download aspetta un peer lento, e il server ha inviato { $load } Mbit/s invece di { $load0 }.

## Che cos’è un server?
lesson-servers-title = Che cos’è un server?
lesson-servers-intro-1 = Un server è un programma che aspetta richieste e risponde, ed è anche la macchina su cui gira. Una macchina può farne girare molti: ognuno è in ascolto sulla propria porta, quindi un client raggiunge un server con l’indirizzo IP della macchina e la porta del programma, che insieme formano un socket.
lesson-servers-intro-2 = Il tuo dispositivo chiede al DNS l’indirizzo della macchina server, poi bussa alle sue porte una per una: il server web, il server di posta, il database, un’applicazione Node.js, il server di stampa, una porta su cui non ascolta nessuno e una che il firewall tiene chiusa. Scegli il dispositivo, oppure esegui il client sul server stesso.
lesson-servers-try = Ora prova: scegli un altro dispositivo e confronta quanto ci mette la stessa pagina, oppure attiva «Sul server stesso» e guarda i pacchetti girare in tondo dentro la macchina invece di viaggiare sul cavo. Poi apri «Che cosa succede quando apri una pagina web».
node-phone = Telefono
node-laptop = Portatile
node-desktop = Computer fisso
node-carrier = Rete mobile
node-home-router = Router di casa
node-server-machine = server.example.com
role-phone = Il telefono dello studente, su una rete mobile 4G: ha un indirizzo privato nello spazio di indirizzi condiviso dell’operatore (100.64.0.0/10, RFC 6598), e il gateway dell’operatore lo traduce (NAT).
role-laptop = Il portatile dello studente, sul Wi-Fi di casa, dietro il router.
role-desktop = Il computer fisso dello studente, collegato via cavo a una linea in fibra a casa.
role-dns-server = Il server DNS assegnato al dispositivo: conosce i nomi delle macchine di example.com e risponde con i loro indirizzi.
role-server-machine = Una macchina, tanti server: nginx (web, porte 80 e 443), Postfix (posta, 25), PostgreSQL (database, 5432), un’applicazione Node.js (3000) e CUPS (stampa, 631) sono in ascolto ciascuno sulla propria porta; sshd è in ascolto sulla 22, ma il firewall scarta ciò che le arriva dall’esterno. Fai clic sulla macchina per vederne i socket come li elenca ss.
role-other-client = Il computer di un altro utente, da qualche parte su Internet, che apre lo stesso sito web.
kind-text = Altra applicazione (SMTP, IMAP, POP3, SSH, PostgreSQL, WebSocket)
sum-text = { $line }
layer-smtp = Applicazione (SMTP)
layer-ssh = Applicazione (SSH)
layer-pgsql = Applicazione (PostgreSQL)
layer-imap = Applicazione (IMAP)
layer-pop3 = Applicazione (POP3)
field-line = Riga
field-message-bytes = Lunghezza, byte
story-ask-server-name = Il dispositivo conosce il nome del server, server.example.com, non il suo indirizzo: prima lo chiede al suo server DNS. Per raggiungere un server, un client ne usa già un altro.
story-knock-web = Porta 80: il dispositivo apre una connessione TCP verso la porta 80 (SYN, SYN-ACK, ACK) e chiede una pagina (GET /). nginx, il server web in ascolto lì, risponde 200 OK. Il browser tiene aperta questa connessione per il prossimo clic.
story-knock-web-loopback = Ora il client gira sulla macchina server stessa, come uno sviluppatore che prova il proprio lavoro. Si collega a 127.0.0.1, l’indirizzo di loopback (RFC 1122): i pacchetti girano in tondo dentro la macchina e non toccano mai il cavo, ed è per questo che localhost:3000 funziona anche senza alcuna rete. Risponde la porta 80: nginx, 200 OK.
story-shared-port = Altri due client aprono lo stesso sito nello stesso momento. La porta del server resta la 80 per tutti: ogni connessione si distingue per l’indirizzo e la porta dell’altro capo, quindi il server tiene una coppia di socket per client. Fai clic sul server: una riga ESTAB su :80 per ogni client.
story-knock-https = Porta 443: lo stesso server web, con TLS. Dopo l’handshake a tre vie di TCP arriva l’handshake TLS (ClientHello, ServerHello…), e da lì in poi la richiesta e la pagina viaggiano cifrate: chi intercetta vede le dimensioni, non le parole.
story-knock-mail = Porta 25: Postfix, il server di posta, parla per primo: «220 server.example.com ESMTP Postfix (Ubuntu)». Il client dice QUIT, il server risponde «221 2.0.0 Bye» e riattacca. Poiché ha chiuso per primo, tiene la connessione in TIME-WAIT per 60 s (Linux), come mostra la sua tabella dei socket.
story-knock-database = Porta 5432: PostgreSQL, il database. Il client invia il suo messaggio di avvio (utente, database) e il server chiede una password (SCRAM-SHA-256). Il client voleva solo sapere se la porta si apre: riattacca. (Appena installato, PostgreSQL ascolta solo su localhost; l’amministratore di questa macchina l’ha aperto con listen_addresses = '*'.)
story-knock-app = Porta 3000: un’applicazione Node.js, sulla porta che usano spesso le applicazioni in sviluppo. Risponde a GET /api/hello con dati (JSON), non con una pagina.
story-knock-print = Porta 631: CUPS, il server di stampa. Stampanti e computer gli parlano con IPP, che viaggia su HTTP; qui il client gli chiede l’elenco delle stampanti. (Appena installato, CUPS ascolta solo su localhost; questa macchina condivide le sue stampanti con Port 631 in cupsd.conf.)
story-knock-closed = Porta 8080: nessun programma è in ascolto su questa porta.
story-door-refused = Il sistema operativo della macchina risponde subito al SYN con un RST: il client segnala «connessione rifiutata» un RTT dopo aver bussato. La macchina c’è; il programma no.
story-knock-filtered = Porta 22: lì è in ascolto sshd, ma il firewall della macchina scarta tutto ciò che arriva dall’esterno per la porta 22, senza dire una parola.
story-knock-filtered-loopback = Porta 22: dall’esterno, il firewall scarta tutto ciò che è diretto alla porta 22. Ma il client è sulla macchina stessa, e i firewall lasciano che una macchina parli con se stessa: sshd risponde con la sua versione, «SSH-2.0-OpenSSH_9.6p1…».
story-knock-again = Nessuna risposta, quindi il client rimanda il suo SYN: dopo 1 s, poi 2, 4, 8, 16 e 32 s (il timer raddoppia ogni volta). L’orologio salta i secondi di silenzio nel mezzo.
story-door-timed-out = Dopo il sesto tentativo il client aspetta altri 64 s e rinuncia, 127 s dopo aver bussato (su Linux, tcp_syn_retries = 6): «timeout della connessione». Un pacchetto scartato non dice nulla, quindi il client non può distinguere un firewall da una macchina spenta.
story-tour-done = Tutte le porte provate: sei hanno risposto (nginx dietro due di esse), una porta ha rifiutato, una è rimasta in silenzio. Su questo dispositivo la pagina della porta 80 ha richiesto { $web } dal SYN alla risposta. Fai clic sul server per vederne i socket.
story-tour-done-loopback = Tutte le porte provate, tutte sulla macchina stessa: la pagina della porta 80 ha richiesto { $web }, perché niente ha attraversato un cavo. Fai clic sul server per vederne i socket: ci sono anche i capi del client, su 127.0.0.1.
servers-device = Il dispositivo che chiede
device-phone = Telefono su 4G: andata e ritorno 30 ms, download 30 Mbit/s, upload 8, perdita 0,5%
device-laptop = Portatile sul Wi-Fi di casa: andata e ritorno 20 ms, download 70 Mbit/s, upload 20, perdita 0,2%
device-desktop = Computer fisso in fibra: andata e ritorno 10 ms, 150 Mbit/s in entrambe le direzioni, nessuna perdita
servers-sources = Valori arrotondati dai rapporti Mobile Matters (2023, 2024) e UK Home Broadband Performance (2023) di Ofcom e dallo Speedtest Global Index (2022) di Ookla; le perdite sono solo indicative.
servers-same-machine = Sul server stesso (127.0.0.1)
kinds-title = Tipi di server
kinds-web-name = Server web
kinds-web = Pagine, immagini e dati via HTTP (porta 80) e HTTPS (443). Compare qui e in «Che cosa succede quando apri una pagina web» e «Un server sotto carico».
kinds-mail-name = Server di posta
kinds-mail = Riceve e consegna la posta elettronica via SMTP (25, e 587 per l’invio dai programmi di posta); i client di posta la leggono via IMAP (143, 993) o POP3 (110, 995). Compare qui, alla porta 25.
kinds-file-name = File server
kinds-file = File da scaricare o inviare (download e upload) via FTP (21), SFTP (22) o HTTP. Per ora nel laboratorio compare come i download di «Client-server o peer-to-peer?».
kinds-database-name = Server di database
kinds-database = Risponde alle query delle applicazioni con un proprio protocollo: PostgreSQL 5432, MySQL 3306, MongoDB 27017. Compare qui, alla porta 5432.
kinds-print-name = Server di stampa
kinds-print = Riceve i lavori di stampa e gestisce le stampanti via IPP (631). Compare qui, alla porta 631.
kinds-game-name = Server di gioco
kinds-game = Mantiene lo stato condiviso di una partita e invia a ogni giocatore ciò che è cambiato, molte volte al secondo, di solito via UDP. Non è ancora nel laboratorio.
kinds-application-name = Application server
kinds-application = Esegue il codice di un’applicazione (Node.js, Tomcat, Flask) e risponde alle sue richieste, spesso con dati. Compare qui, alla porta 3000, e in «Un server sotto carico».

## Il viaggio di un’e-mail
lesson-email-title = Il viaggio di un’e-mail
lesson-email-intro-1 = Alice scrive a Bob. Il suo programma di posta consegna il messaggio al server di posta del suo provider, smtp.alice.example, che trova il server di posta di Bob chiedendolo al DNS e gli passa il messaggio. Poi il programma di posta di Bob lo preleva dal server del suo provider.
lesson-email-intro-2 = Ogni passo è un dialogo fatto di parole: SMTP per inviare (RFC 5321), IMAP o POP3 per leggere. Scegli come Bob legge la posta e quale programma usano i server di posta, Postfix o Exim; fai sbagliare la password ad Alice, oppure spegni il server di Bob per 20 minuti.
lesson-email-try = Ora prova: fai passare Bob a POP3 e guarda il messaggio lasciare il server; fai sbagliare la password ad Alice; oppure spegni mx1 e guarda il server di riserva tenere il messaggio e riprovare, con Postfix e poi con Exim. Fai clic su un server di posta per vedere i suoi valori predefiniti, la sua coda e la casella di posta di Bob.
node-alice = Portatile di Alice
node-bob = Portatile di Bob
node-smtp-alice = smtp.alice.example
node-mx1 = mx1.bob.example
node-mx2 = mx2.bob.example
role-alice = Il portatile di Alice, a casa, dietro il suo router. Il suo programma di posta conosce il server del suo provider, smtp.alice.example, e la sua password.
role-bob = Il portatile di Bob. Il suo programma di posta controlla la sua casella su mx1.bob.example due secondi dopo l’inizio (35 minuti dopo quando mx1 è spento).
role-smtp-alice = Il server di posta del provider di Alice (Postfix o Exim, come scegli): accetta la posta dei suoi utenti sulla porta di invio (submission), la 587, quando la connessione è cifrata e l’utente ha eseguito l’accesso, la mette in coda e la inoltra al dominio del destinatario. Fai clic sul server per vedere i suoi valori predefiniti.
role-mx1 = Il server di posta del provider di Bob, il primo indicato dai record MX di bob.example (preferenza 10): riceve la posta per bob.example sulla porta 25, e Dovecot permette a Bob di leggerla via IMAPS (993) o POP3S (995). Fai clic sul server per vedere la casella di posta di Bob.
role-mx2 = Il server di posta di riserva di bob.example (preferenza 20): un mittente lo prova solo quando mx1 non risponde. Non tiene caselle di posta: mette in coda la posta per bob.example e la passa a mx1. Fai clic sul server per vedere la sua coda.
role-dns-mail = Il server DNS: conosce i record MX di bob.example, che indicano i server che ricevono la sua posta e il loro ordine di preferenza, e gli indirizzi di quei server.
state-mailbox = Casella di posta
state-queue = In coda
state-mta = Programma
state-max-connections = Connessioni contemporanee, al massimo
state-size-limit = Messaggio più grande
state-connect-timeout = Attesa della risposta di un server
state-retry-waits = Attese prima di riprovare
state-queue-run = Controlla la coda ogni
setting-reading = Come Bob legge la posta
reading-imap = IMAP (la posta resta sul server)
reading-pop3 = POP3 (la posta viene scaricata e cancellata)
setting-wrong-password = Alice sbaglia a digitare la password
setting-mta = I server di posta usano
mta-postfix = Postfix
mta-exim = Exim
mta-design-postfix = Postfix, scritto da Wietse Venema come sostituto più sicuro di Sendmail, è una squadra di piccoli programmi, ognuno con non più privilegi di quanti ne richieda il suo compito: smtpd riceve, qmgr gestisce la coda, smtp consegna e master li avvia quando servono. È il server di posta predefinito di Ubuntu.
mta-design-exim = Exim, scritto da Philip Hazel all’Università di Cambridge, è un unico programma che fa tutto, guidato da un unico file di configurazione fatto di liste di accesso, router e trasporti, con cui il suo amministratore può decidere quasi ogni dettaglio. È il server di posta predefinito di Debian.
setting-mx1-down = mx1 è spento per i suoi primi 20 minuti
story-mail-submit = Alice invia il suo messaggio. Il suo programma di posta si collega al server del suo provider sulla porta 587, la porta di invio (submission), e il server lo saluta: «{ $greeting }». Il programma si presenta con EHLO e il server elenca ciò che sa fare.
story-mail-starttls = Prima di inviare qualcosa di privato, il programma dice STARTTLS e un handshake TLS cifra la connessione (RFC 3207). Da lì in poi chi intercetta vede le dimensioni, non le parole.
story-mail-auth = Il programma esegue l’accesso: AUTH PLAIN trasporta il nome e la password di Alice solo codificati in base64, quindi sono al sicuro soltanto perché TLS li cifra. Il server li controlla nell’elenco dei suoi utenti.
story-mail-auth-refused = La password è sbagliata: «{ $reply }». Il server non accetta niente da chi non conosce; il programma dice QUIT e avvisa Alice che la sua password è stata rifiutata. Il messaggio resta nella sua posta in uscita.
story-mail-envelope = La busta: MAIL FROM indica il mittente, RCPT TO il destinatario. Il server controlla di poter accettare posta per bob@bob.example da questo utente (250 Ok); poi arrivano DATA e il messaggio vero e proprio, intestazioni e corpo.
story-mail-queued = «{ $reply }»: il server di Alice ha il messaggio nella sua coda, e la parte di Alice è finita. Il suo programma dice QUIT.
story-mail-ask-mx = Il server di Alice deve trovare il server che riceve la posta per bob.example. Chiede al DNS i record MX del dominio: mx1 con preferenza 10, mx2 con 20. Si prova per primo il server con il valore di preferenza più basso (RFC 5321 §5.1), quindi chiede l’indirizzo di mx1.
story-mail-relay = Si collega a mx1.bob.example sulla porta 25, dove i server di posta si passano la posta tra loro. Qui niente password: mx1 accetta da chiunque la posta per il proprio dominio. Cifra la connessione con STARTTLS quando l’altro capo lo offre.
story-mail-delivered = mx1 risponde «{ $reply }»: il messaggio è nella casella di posta di Bob. Se mx1 non avesse risposto, Postfix avrebbe rinunciato dopo 30 s e provato mx2; se non avesse risposto nessuno dei due, terrebbe il messaggio e riproverebbe dopo 5 minuti, poi 10, 20… Spegni mx1 per vederlo.
story-mail-read = Bob controlla la posta. Il suo programma si collega a mx1 sulla porta 993, IMAP su TLS fin dal primo byte, e Dovecot lo saluta. Esegue l’accesso e apre la posta in arrivo (SELECT INBOX).
story-mail-read-pop3 = Bob controlla la posta. Il suo programma si collega a mx1 sulla porta 995, POP3 su TLS fin dal primo byte, e Dovecot lo saluta: «+OK Dovecot (Ubuntu) ready.» Esegue l’accesso con USER e PASS e chiede quanti messaggi sono in attesa (STAT).
story-mail-fetched = Il programma recupera il messaggio (FETCH … BODY[]) e il server lo segna come \Seen. Il messaggio resta sul server, nella posta in arrivo di Bob, quindi il suo telefono e il suo portatile vedono la stessa posta. Fai clic su mx1.bob.example: la casella lo contiene ancora.
story-mail-fetched-pop3 = Il programma scarica il messaggio (RETR), lo segna per la cancellazione (DELE) e dice QUIT: il server lo cancella (RFC 1939). Ora esiste solo sul portatile di Bob; il suo telefono non lo vedrà mai. Fai clic su mx1.bob.example: la casella è vuota.
story-mail-delivered-exim = mx1 risponde «{ $reply }»: il messaggio è nella casella di posta di Bob. Se mx1 non avesse risposto, Exim avrebbe provato mx2 appena TCP avesse rinunciato, dopo 127 s; se non avesse risposto nessuno dei due, terrebbe il messaggio e riproverebbe ogni 15 minuti per due ore, ai suoi passaggi sulla coda. Spegni mx1 per vederlo.
story-mail-delivered-late = mx1 è tornato, e il passaggio sulla coda di mx2 gli consegna il messaggio: «{ $reply }». Finalmente è nella casella di Bob, molti minuti dopo che Alice l’ha inviato. La posta non è istantanea: passa da un server all’altro e aspetta dove il successivo è spento, ma non va persa.
story-mail-silent = mx1 non risponde: la sua macchina è spenta e i SYN vanno persi. Dopo { $waited } s (lo smtp_connect_timeout di Postfix) il server rinuncia a mx1 e prova il server successivo della lista.
story-mail-silent-exim = mx1 non risponde: la sua macchina è spenta e i SYN vanno persi. Exim aspetterebbe 5 minuti (connect_timeout), ma Linux rinuncia prima, dopo il sesto nuovo invio del SYN: { $waited } s. Il server prova allora il successivo della lista.
story-mail-backup = mx2, il server di riserva, accetta il messaggio. Non tiene nessuna casella per Bob: mette il messaggio in coda e ora deve passarlo. Chiede al DNS, si trova nella lista e tiene solo i server con una preferenza più bassa della sua, cioè solo mx1 (RFC 5321 §5.1).
story-mail-deferred = mx1 continua a non rispondere. Nessun server ha accettato il messaggio, quindi mx2 lo tiene nella sua coda; il prossimo tentativo è tra { $wait } s. Postfix aspetta 5 minuti dopo un fallimento, poi il doppio ogni volta, fino a 4000 s, e prende il messaggio alla successiva scansione della coda (ogni 5 minuti).
story-mail-deferred-exim = mx1 continua a non rispondere. Nessun server ha accettato il messaggio, quindi mx2 lo tiene nella sua coda; il prossimo tentativo è tra { $wait } s. La regola di ritentativo predefinita di Exim aspetta 15 minuti tra un tentativo e l’altro per le prime due ore, poi sempre di più, fino a 4 giorni; ogni tentativo avviene al successivo passaggio sulla coda (ogni 30 minuti su Debian).
story-mail-retry = Un passaggio sulla coda: mx2 toglie il messaggio dalla coda e riprova mx1, con un nuovo SYN.
story-mail-back-on = mx1 viene riacceso, 20 minuti dopo l’inizio. Nessuno lo dice a mx2: lo scoprirà al prossimo tentativo.

lesson-privacy-title = Che cosa vedono gli altri
lesson-privacy-intro-1 = Lo studente apre www.example.com e altri quattro guardano: qualcuno sulla stessa rete Wi-Fi, il fornitore di Internet, il resolver DNS che risponde alle domande del browser e il server web, che annota ogni richiesta nel suo log. Che cosa vede ciascuno dipende da dove si trova.
lesson-privacy-intro-2 = Scegli da quale punto di vista guardare, poi attiva HTTPS e DNS su HTTPS (DoH): vedrai che cosa smette di vedere ciascuno e che cosa vede ancora. Nell’ispettore è in grigio ciò che l’osservatore scelto non può leggere.
lesson-privacy-try = Ora prova: attiva HTTPS, poi DNS su HTTPS, e confronta ciò che sa il fornitore; poi guarda dal resolver e dal server, che leggono tutto ciò che viene loro inviato, qualunque siano le impostazioni.
setting-doh = DNS su HTTPS (DoH)
setting-observer = Chi guarda
observer-wifi = Qualcuno sulla stessa rete Wi-Fi
observer-isp = Il fornitore di Internet
observer-resolver = Il resolver DNS
observer-server = Il log del server web
privacy-post-wifi = Legge i frame tra il portatile e il router di casa, prima del NAT, quindi vede l’indirizzo privato del portatile. Supponiamo una rete aperta (quella di un bar) o una rete WPA2 di cui conosce la password e di cui ha catturato l’handshake di connessione: allora può ricavare la chiave del portatile. Con WPA3 non può, anche conoscendo la password: vede solo frame cifrati e le loro dimensioni.
privacy-post-isp = Trasporta tutto ciò che passa tra il router di casa e Internet, dopo il NAT: l’indirizzo pubblico del router, tutti gli indirizzi e le porte e tutto ciò che non è cifrato.
privacy-post-resolver = Risponde alle domande del browser, quindi legge ogni nome richiesto e l’indirizzo da cui arriva, cifrato o no: ha le chiavi delle proprie connessioni.
privacy-post-server = Riceve le richieste, quindi le legge per intero, con o senza HTTPS, e ne annota una riga ciascuna nel suo log (il formato predefinito di nginx): l’indirizzo di provenienza, l’ora, la richiesta, il codice di stato e la dimensione.
privacy-learnt-title = Che cosa sa { $observer }
privacy-names = Nomi richiesti al DNS
privacy-addresses = Indirizzi IP
privacy-server-names = Nomi di server in TLS (SNI)
privacy-requests = Richieste (percorsi degli URL)
privacy-content = Contenuto
privacy-none = niente
inspector-read-as = In grigio: ciò che { $observer } non può leggere.
inspector-absent = Questo pacchetto non arriva mai a { $observer }: non può leggerne nulla.
state-access-log = Log degli accessi
story-priv-dns-clear = Il browser chiede l’indirizzo di www.example.com con un’interrogazione DNS sulla porta UDP 53. Non è cifrata: chi è sulla rete Wi-Fi, e il fornitore, leggono il nome.
story-priv-dns-sealed = Il browser chiede con DNS su HTTPS: si connette alla porta 443 del resolver, saluta indicando dns.provider.example e invia l’interrogazione come POST cifrato a /dns-query. Lungo il percorso nessuno legge il nome richiesto; si vede solo una connessione verso il resolver.
story-priv-hierarchy = Il resolver legge l’interrogazione e interroga i server radice, di .com e di example.com dal proprio indirizzo. Sa chi ha chiesto: l’indirizzo pubblico di casa.
story-priv-connect = Il browser si connette a 203.0.113.80. Chi vede i pacchetti sa con quale indirizzo parla la casa, e quando, con o senza HTTPS.
story-priv-hello = TLS comincia con un ClientHello, che indica in chiaro il sito voluto, www.example.com (SNI), perché uno stesso indirizzo possa servire molti siti. Encrypted Client Hello (RFC 9849) lo nasconderebbe; questo browser non lo usa.
story-priv-request-clear = La richiesta parte leggibile: «GET /index.html», con Host: www.example.com. Tutti lungo il percorso leggono quale pagina è, e poi la pagina stessa.
story-priv-request-sealed = La richiesta parte cifrata: lungo il percorso si vedono solo la sua dimensione e gli indirizzi. Il percorso della pagina e la pagina sono solo per il server.
story-priv-logged = Il server risponde e annota una riga nel suo log degli accessi: l’indirizzo pubblico di casa, l’ora, la riga della richiesta, il codice di stato e la dimensione. HTTPS protegge il viaggio, non ciò che il server fa con quello che riceve.
story-priv-done-wifi = La pagina è completa. Chi è sulla rete Wi-Fi resta con l’elenco della scheda: confrontalo con HTTPS e DoH attivi o no.
story-priv-done-isp = La pagina è completa. Il fornitore resta con l’elenco della scheda: con HTTPS e DoH vede ancora gli indirizzi e i nomi nei ClientHello.
story-priv-done-resolver = La pagina è completa. Il resolver resta con l’elenco della scheda: DoH nasconde l’interrogazione al percorso, non al resolver che risponde.
story-priv-done-server = La pagina è completa. Il server resta con l’elenco della scheda e una riga per richiesta nel suo log: la cifratura per lui non cambia nulla.

# La lezione «Chi sei, e che cosa puoi fare?» (?lesson=login)
lesson-login-title = Chi sei, e che cosa puoi fare?
lesson-login-intro-1 = Alice tiene i suoi appunti su notes.example, un sito fatto con Django 5.2. Il sito deve sapere chi chiede (autenticazione) prima di decidere che cosa può vedere (autorizzazione): i suoi appunti sì, quelli di Bob no.
lesson-login-intro-2 = Guardala accedere, usare ciò che l’accesso le dà e uscire. Scegli un cookie di sessione o un token bearer, spegni HTTPS per vedere la password in rete, oppure falle sbagliare la password finché il sito non la blocca.
lesson-login-try = Ora prova: spegni HTTPS e fai clic sulla POST per leggere la password nell’ispettore; passa a un token bearer; oppure fai sbagliare la password ad Alice 3 volte. Poi fai clic su notes.example per vedere che cosa conserva il sito: un hash, mai la password.
prepare-hashing = Il sito non conserva nessuna password, solo un hash con sale di ciascuna, che Django calcola in 1.000.000 di round di HMAC-SHA-256 perché indovinare le password sia lento. Il tuo computer sta calcolando ora quegli hash, come ha fatto il sito quando ha creato gli account: qualche secondo e la lezione comincia.
prepare-progress = Hash calcolati
node-notes = notes.example
role-notes = Il sito degli appunti: Django 5.2 con le impostazioni predefinite, e django-axes contro chi tira a indovinare. Conserva la password di ogni utente come hash con sale, e le sessioni o i token nel suo database.
role-alice-login = Il portatile di Alice. Il suo browser (o, con un token, la sua app degli appunti) conosce il nome del sito e la sua password, «secret».
role-dns-login = Il server DNS: conosce l’indirizzo di notes.example.
state-user = Utente (auth_user)
state-session = Sessione (django_session)
state-token = Token (authtoken_token)
state-failures = Accessi falliti (django-axes)
setting-auth = Come il sito si ricorda di Alice
auth-cookie = Un cookie di sessione
auth-token = Un token bearer (un’app)
setting-tls = HTTPS (TLS)
setting-typos = Volte in cui Alice sbaglia a digitare la password
field-headers = Intestazioni
field-body = Corpo
story-login-ask = Il browser di Alice chiede i suoi appunti, /notes/alice/. La richiesta non dice niente su chi sia: HTTP da solo non ricorda nessuno, ogni richiesta sta a sé.
story-login-challenge = La pagina è solo per chi ha eseguito l’accesso (login_required di Django): il sito risponde «302 Found» con Location: /accounts/login/?next=/notes/alice/, un reindirizzamento al suo modulo di accesso che ricorda dove lei voleva andare.
story-login-challenge-token = L’API risponde «401 Unauthorized» con WWW-Authenticate: Bearer: dimmi chi sei, con un token (RFC 6750). Un’app, a differenza di un browser, non riceve un modulo: deve chiedere un token da sé.
story-login-form = Il browser segue il reindirizzamento e riceve il modulo di accesso. Con esso arriva il cookie csrftoken, e il modulo nasconde un token ricavato da esso: Django accetta solo un accesso inviato dal proprio modulo.
story-login-password = Alice digita la password e il browser invia il modulo con POST. Con HTTP in chiaro chiunque lungo il percorso può leggere il corpo: fai clic sul pacchetto e leggi password=secret nell’ispettore.
story-login-password-sealed = Alice digita la password e il browser la invia con POST. Il corpo contiene password=secret, ma dentro TLS: in rete chi osserva vede le dimensioni, non la password. Il sito la legge dopo averla decifrata.
story-login-wrong = La password è sbagliata. Il sito non ha mai conservato «secret»: ha preso il sale dall’hash conservato, ha applicato PBKDF2 con SHA-256 1.000.000 di volte a ciò che è stato digitato (circa 0,23 s di tempo del server) e il risultato non coincide. Il modulo torna con un errore.
story-login-wrong-token = La password è sbagliata: il sito le ha applicato PBKDF2 (1.000.000 di round, circa 0,23 s) con il sale conservato e l’hash non coincide. L’API risponde «400 Bad Request»: «Unable to log in with provided credentials».
story-login-locked = Terzo errore da questo indirizzo: django-axes risponde «429 Too Many Requests» e blocca l’accesso. Ora viene rifiutata anche la password giusta, senza controllarla, finché un amministratore non la sblocca. Finito di provare password una dopo l’altra.
story-login-session = L’hash coincide: è Alice. Django apre una sessione, una riga nel suo database con una chiave casuale, e risponde «302 Found» con Set-Cookie: sessionid=…; HttpOnly (gli script non possono leggerlo); Max-Age=1209600 (due settimane); SameSite=Lax.
story-login-session-token = L’hash coincide: è Alice. L’API crea un token, 40 cifre esadecimali casuali conservate nel suo database, e lo rimanda nel corpo. Chi lo possiede è Alice per il sito: un token bearer (al portatore).
story-login-carried = Il browser invia il cookie con ogni richiesta al sito: Cookie: sessionid=…. Django trova la sessione e sa che è Alice: «200 OK», i suoi appunti.
story-login-carried-token = Ora l’app invia il token con ogni richiesta: Authorization: Bearer … (RFC 6750). L’API lo trova e sa che è Alice: «200 OK», i suoi appunti.
story-login-forbidden = Alice chiede gli appunti di Bob. Il sito sa chi è (autenticazione) e decide che non può vederli (autorizzazione): «403 Forbidden», non 401: accedere di nuovo non cambierebbe niente.
story-login-logout = Alice esce: una POST a /accounts/logout/ (Django 5 non esegue più l’uscita con una GET, che qualsiasi link o immagine potrebbe provocare).
story-login-logout-token = Alice esce: l’app fa una POST a /api/logout/ con il suo token, e il sito cancella il token dal suo database: «204 No Content».
story-login-ended = Per mostrare che la sessione è finita sul server, non solo nel browser, il vecchio cookie viene inviato ancora una volta, come farebbe chi lo avesse copiato: Django ha cancellato quella sessione e rimanda la richiesta al modulo di accesso.
story-login-ended-token = Il vecchio token, inviato di nuovo come farebbe chi lo avesse copiato: «401 Unauthorized», «Invalid token.». Il sito lo ha dimenticato.

# La lezione «Una connessione sempre aperta» (?lesson=websocket)
lesson-websocket-title = Una connessione sempre aperta
lesson-websocket-intro-1 = Alice ha una chat aperta con Bob su chat.example. Bob scrive quando vuole: quando lo viene a sapere il browser di Alice? HTTP risponde solo a domande, quindi il browser deve continuare a chiedere oppure trasformare la sua connessione in qualcos’altro.
lesson-websocket-intro-2 = Guarda un WebSocket: una sola richiesta HTTP aggiorna la connessione, poi il server invia ogni messaggio nel momento in cui viene scritto. Passa al polling (una domanda ogni pochi secondi) o al long polling (una domanda che il server trattiene finché c’è una novità) e confronta messaggi, byte e ritardi nella tabella.
lesson-websocket-try = Ora prova: passa al polling ogni 10 secondi, poi al long polling, e confronta la tabella. Fai clic sulla risposta 101 per controllarne il Sec-WebSocket-Accept, o su un frame di Alice per vederne la chiave di mascheramento.
node-chat = chat.example
role-chat = Il server della chat. Conserva i messaggi e avvisa il browser di Alice di ogni nuovo messaggio come il modo scelto permette: su un WebSocket subito, a un polling quando glielo chiede, a un long polling che trattiene fino a 30 secondi.
role-alice-chat = Il portatile di Alice, con la pagina della chat aperta. La pagina è stata caricata appena prima, quindi il browser conosce già l’indirizzo del server.
layer-websocket = Applicazione (WebSocket)
state-chat-message = Messaggio (id, autore, testo, quando è arrivato)
state-chat-held = Long polling trattenuto
state-chat-received = Messaggio ricevuto (id, con quanto ritardo)
setting-push = Come il browser viene a sapere dei nuovi messaggi
push-websocket = WebSocket
push-polling = Polling
push-long-polling = Long polling
setting-every = Polling ogni (secondi)
setting-chat-tls = TLS (wss:// e https://)
chat-table-title = La stessa chat, in tre modi
chat-table-way = Modo
chat-table-messages = Messaggi
chat-table-bytes = Byte
chat-table-delay = Ritardo medio
chat-table-max = mass. { $d }
chat-table-note = Calcolato dalle esecuzioni di questa lezione: messaggi HTTP e frame WebSocket nei due sensi, i byte che le connessioni hanno portato sopra TCP e quanto ha impiegato ciascuno dei 4 messaggi di Bob dall’arrivo al server all’arrivo nel browser di Alice.
story-chat-upgrade = La pagina apre un WebSocket: una normale richiesta HTTP GET per /chat, con Upgrade: websocket, Connection: Upgrade, Sec-WebSocket-Version: 13 e Sec-WebSocket-Key, 16 byte casuali in base64.
story-chat-switched = Il server accetta: «101 Switching Protocols». Il suo Sec-WebSocket-Accept è lo SHA-1 della chiave seguita da un GUID fisso, in base64: la prova che ha capito la richiesta. Da qui in poi questa connessione non porta più HTTP, solo frame.
story-chat-pushed = Bob scrive e il server invia subito il messaggio in un frame: un’intestazione di 2 byte (FIN, l’opcode 1 per il testo, la lunghezza) e il testo. Nessuno l’ha chiesto: è il server a spingerlo. Alice lo ha dopo un solo tragitto, circa 20 ms.
story-chat-poll = La pagina chiede «c’è qualcosa di nuovo?»: GET /messages?since=0. Chiederà di nuovo ogni pochi secondi, che sia successo qualcosa o no.
story-chat-poll-long = La pagina chiede «c’è qualcosa di nuovo?» con un long polling: GET /messages?since=0&wait=30. Il server può farla aspettare.
story-chat-nothing = Niente di nuovo: il server risponde «200 OK» con una lista vuota, []. Uno scambio HTTP completo, con tutte le intestazioni, per non sapere nulla.
story-chat-held = Ancora niente di nuovo, quindi il server non risponde: trattiene la richiesta, e la connessione, finché arriva un messaggio o passano 30 secondi.
story-chat-polled = Il polling successivo trova i messaggi di Bob. Hanno aspettato sul server finché il browser ha chiesto: ciascuno in ritardo fino al periodo del polling.
story-chat-polled-long = Bob scrive e il server risponde subito alla richiesta trattenuta. Il browser invia immediatamente il long polling successivo; un messaggio scritto mentre quella richiesta è in viaggio deve aspettarla.
story-chat-alice-frame = Alice scrive. Il suo browser invia un frame mascherato con una nuova chiave casuale di 4 byte (ogni frame di un client è mascherato): 2 byte di intestazione, 4 di chiave, poi il testo.
story-chat-alice-post = Alice scrive. Il suo browser invia il messaggio con una POST a /messages; il server risponde «201 Created». Con il long polling la prima connessione è trattenuta, quindi questa va su una seconda.
story-chat-hold-over = Trenta secondi senza novità: il server risponde alla richiesta trattenuta con una lista vuota, prima che un proxy lungo il percorso la abbandoni, e il browser chiede di nuovo subito.
story-chat-closed = Alice chiude la pagina: il browser chiude le sue connessioni. La tabella confronta questo modo con gli altri due.
story-chat-closed-websocket = Alice chiude la pagina: il suo browser invia un frame Close (codice 1000, chiusura normale), il server risponde con il suo e chiude la connessione TCP. La tabella confronta questo modo con il polling.
