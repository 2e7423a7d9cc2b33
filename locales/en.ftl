# Client-Server Lab, English. One `key = value` per line; `{ $name }` is a placeholder.

app-title = Client-Server Lab
app-tagline = Watch clients and servers talk
lang-switch-label = Language

notice-unknown-param = Ignored the unknown parameter “{ $name }” in the URL.
notice-bad-value = Ignored “{ $name }={ $value }” in the URL: the value must be one of { $expected }.
notice-dismiss = Dismiss

stage-label = The network
node-browser = Browser
node-router = Router
node-dns = Local DNS server
node-web = Web server
role-browser = The learner’s computer. Its browser wants to show a page, but it only knows the site’s name, not its address.
role-router = Forwards packets between the networks it joins. It reads their addresses, not their contents.
role-dns = The local DNS server turns names such as www.example.com into IP addresses, querying other DNS servers when it does not know the answer.
role-web = Holds the pages of www.example.com and answers the browser’s HTTP requests.

controls-label = Simulation controls
control-play = Play
control-pause = Pause
control-step = Step
control-speed = Speed
speed-value = 1 s = { $amount } of network time
sim-time = Simulated time

panel-narration = What is happening
lesson-web-title = What happens when you open a web page
lesson-web-intro-1 = You type www.example.com and press Enter. The browser knows the site’s name, but packets travel to addresses, not names.
lesson-web-intro-2 = So first it asks the DNS server for the address. Then it connects to the web server, sends an HTTP request and receives the page in packets.
panel-details = Details
details-hint = Select a machine in the network diagram to see what it does.
details-address = IP address

open-full-app = Open the full app

error-title = Something went wrong
error-body = The simulator stopped because of an internal error. Reloading the page starts it again; your settings are kept in the URL.
error-reload = Reload
error-details = Technical details

notice-not-number = Ignored “{ $name }={ $value }” in the URL: the value must be a number.

bench-title = Engine benchmark
bench-workload = A queue run of { $requests } requests: { $servers } worker(s), { $arrival } arrivals/s, { $service } services/s per worker, seed { $seed }. Run `cslab-cli queue` with the same parameters to compare with native code.
bench-running = Running in WebAssembly…
bench-done = Done.
bench-events = Events
bench-engine-time = Engine time
bench-rate = Events per second
bench-mean-response = Mean response time
bench-trace-hash = Trace hash
bench-invalid = This run cannot start: { $reason }
bench-back = Back to the lab

node-client = Client { $n }
role-client = A user’s computer that sends requests to the server and waits for the answers.
control-back = Back
lesson-picker-label = Lesson
lesson-refuse-title = The server says no
lesson-refuse-intro-1 = Four clients send requests three times faster than the server can answer: it serves one request at a time, and each takes about 200 ms.
lesson-refuse-intro-2 = Connections that arrive while it is busy wait in its accept queue, which has room for two. When the queue is full, the server’s operating system answers the next SYN with a RST: the connection is refused at once, and the client shows an error.

control-help = Shortcuts
help-title = Keyboard shortcuts
key-space = Space
help-play = Play or pause
help-step = Step to the next event
help-back = Step back to the previous event
help-toggle = Show or hide this list
help-close = Close

node-internet = Internet
node-root-dns = Root DNS
node-tld-dns = .com DNS
node-auth-dns = example.com DNS
role-internet = The routers of the Internet between the learner’s network and DNS servers far away.
role-root-dns = A root DNS server: it does not know www.example.com, but it knows which servers answer for .com.
role-tld-dns = The DNS server for .com: it knows which servers answer for example.com.
role-auth-dns = The authoritative DNS server for example.com: it holds the address of www.example.com.
legend-label = Packets
kind-dns = DNS
kind-tcp = TCP control
kind-tls = TLS handshake
kind-http = HTTP request or response
kind-data = Data
kind-plain = Request or answer
kind-encrypted = Encrypted
kind-dropped = Dropped
kind-queued = Waiting in a queue

events-title = Events
events-filter = Show protocols
events-none = Nothing has been sent yet.
sum-dns-query = Query { $type } { $name }
sum-dns-answer = Answer { $name }: { $answers }
sum-dns-referral = Referral for { $name }: ask { $servers }
sum-dns-nxdomain = { $name } does not exist
sum-tcp = { $flags } seq={ $seq } ack={ $ack }
sum-tls = { $record }
sum-http = { $line }
sum-data = Data, { $bytes } bytes
sum-plain = Packet, { $bytes } bytes
inspector-title = Packet { $number }
inspector-plain = This packet carries no protocol message to inspect.
inspector-hidden = Encrypted: an eavesdropper on the link sees only the TLS record, not these fields.
layer-link = Link (Ethernet)
layer-ip = Network (IP)
layer-tcp = Transport (TCP)
layer-udp = Transport (UDP)
layer-tls = Security (TLS)
layer-dns = Application (DNS)
layer-http = Application (HTTP)
field-frame-bytes = Frame size, bytes
field-src = Source
field-dst = Destination
field-ttl = Time to live (TTL)
field-length = Total length, bytes
field-src-port = Source port
field-dst-port = Destination port
field-seq = Sequence number
field-ack = Acknowledgement number
field-flags = Flags
field-window = Window, bytes
field-payload = Payload, bytes
field-retransmission = Retransmission
field-record = Record
field-encrypted = Encrypted
field-dns-id = Query ID
field-question = Question
field-rcode = Response code
field-answers = Answers
field-authority = Authority
field-additional = Additional
field-method = Method
field-path = Path
field-host = Host
field-status = Status
field-head-bytes = Headers, bytes
field-body-bytes = Body, bytes

settings-title = Try it
setting-rtt = Round-trip time
setting-bandwidth = Bandwidth
setting-loss = Packet loss
setting-parallel = Parallel connections
setting-mode = HTTP connections
mode-nonpersistent = Non-persistent
mode-persistent = Persistent
mode-pipelined = Persistent, pipelined
setting-https = HTTPS (TLS)
setting-dns-cached = The address is already in the browser’s cache
timing-waiting = The timings appear when the page is complete.
timing-total = Page loaded in { $ms } ms
timing-bar = Time spent in each phase
timing-theory = Textbook formula: { $rtts } round trips = { $ms } ms, without DNS and transmission time.
phase-dns = DNS
phase-connect = TCP connect
phase-tls = TLS
phase-first-byte = First byte
phase-transfer = Transfer

story-ask-dns = The browser only knows the name www.example.com, so it asks the local DNS server for the address.
story-cached-dns = The address is already in the browser’s cache: no DNS question leaves the computer.
story-hierarchy = The local DNS server does not know it either. It asks a root server, which points to the .com server, which points to example.com’s own server.
story-dns-answer = The answer arrives: the browser now knows the web server’s IP address.
story-handshake = TCP opens a connection in three steps: SYN, SYN-ACK, ACK.
story-tls = TLS agrees on keys in one more round trip; from now on an eavesdropper sees only sealed packets.
story-request = The browser sends its HTTP request: GET /index.html.
story-response = The page comes back cut into packets; TCP acknowledges them and puts them back in order.
story-objects = The browser reads the HTML, finds the style sheet, script and images it references, and asks for them too.
story-page-done = Everything has arrived: the browser assembles and shows the page.

control-restart = Restart
control-restart-title = Run the lesson again from the start, with a new random seed
timeline-label = Timeline

view-label = View
view-network = Network
view-sequence = Sequence

gauge-serving = Serving
gauge-queue = Queue
gauge-refused = Refused: { $n }

state-connection = TCP connection
state-cache = DNS cache

filter-layer = Layer
filter-all-layers = All layers
filter-application = Application (DNS, HTTP)
filter-security = Security (TLS)
filter-transport = Transport (TCP)
filter-network = Network (IP)
story-connect = A client opens a TCP connection to the server: SYN.
story-queued = The server’s only worker is busy: the new connection is accepted by the operating system and waits in the accept queue.
story-refused = The accept queue is full: the server answers SYN with RST. The connection is refused before a single byte of the request is sent.
story-served = The worker finishes a request and sends the answer (200 OK); then it takes the next connection waiting in the queue.
state-workers = Workers busy
state-backlog = Accept queue
state-refused = Refused connections
node-replica = Server { $n }
story-revisit = A moment later the learner opens the same page again.
story-reuse = The TCP connection from the first visit is still open: the request goes out at once, with no handshake.
story-reconnect = Non-persistent HTTP closed the first visit’s connections, so TCP has to connect again: one more round trip per file.
story-not-modified = The browser already holds these files, so it asks “changed since?” (If-None-Match). The server answers 304 Not Modified, without sending the file again.
story-revisit-done = The page is back, much faster: no DNS question, and only short answers to send.
timing-second-visit = Second visit: { $ms } ms

lesson-load-title = A server under load
lesson-load-intro-1 = Users send requests to a web site at the rate you choose. Each request needs about 20 ms of computing, and each server has four cores: below its capacity everything is quick, above it requests wait in queues, and when the queues are full the server refuses connections.
lesson-load-intro-2 = Change the server and see how its design copes; add servers behind a load balancer; send slow clients that hold connections open; switch a server off in the middle of the run. The charts below follow every server.
node-balancer = Load balancer
role-balancer = Receives every connection and passes it on to one of the servers, by the rule you choose, checking every two seconds that each server still answers.
spread-rr = Round robin
spread-lc = Least connections
spread-p2c = Best of two at random
spread-random = At random
spread-dns = DNS round robin, no balancer
setting-server = Server software
setting-rate = Load
rate-value = { $n } requests/s
load-capacity = These servers can handle at most { $n } requests/s.
setting-replicas = Servers
setting-spread = Spreading the load
setting-slow = Slow clients
setting-io = Each request waits on a database (I/O-bound)
switch-off = Switch server { $n } off
switch-on = Switch server { $n } back on
charts-heading = Every server, as it happens
chart-time-s = Time (s)
chart-throughput = Answers per second
chart-response = Response time (ms)
chart-queue = Requests waiting
chart-busy = Workers busy
chart-refused = Connections refused per second
preset-apache-prefork = Apache httpd with the prefork MPM: one single-threaded process per connection, up to 256 of them (MaxRequestWorkers). A process is tied up from the moment it accepts a connection until the connection closes, even while the client is slow or idle, so 256 slow clients are enough to make everyone else wait in the 511-place accept queue (ListenBacklog); once that is full, Linux drops new connection requests (SYN) and the clients send them again after 1 s, 2 s, 4 s…
preset-apache-event = Apache httpd with the event MPM: processes of 25 threads, 400 threads in all (MaxRequestWorkers). A listener thread holds idle keep-alive connections without tying up a worker (up to about three connections per worker), but a worker is still tied up while it reads a request and while the application waits on a database.
preset-nginx = Nginx, a web server that is also a reverse proxy, a mail proxy and a generic TCP/UDP proxy: one worker process per core (worker_processes auto, as the packaged configurations set it; the compiled-in default is 1), so four here, each running an event loop that watches up to 512 connections at once (worker_connections). Idle and slow connections cost only memory, and a worker waiting on the application behind it serves other connections meanwhile; but a long computation stalls every connection of its worker.
preset-iis = Microsoft IIS: the kernel driver http.sys accepts connections, parses requests and queues them for the application pool (1,000 places, queueLength; when the queue is full, http.sys answers 503 Service Unavailable). Up to 5,000 requests run at once (appConcurrentRequestLimit) on ASP.NET’s thread pool, and a synchronous handler holds its thread while it waits.
preset-tomcat = Apache Tomcat, a Java servlet container, with its NIO connector: a poller thread holds up to 8,192 connections without tying up threads (maxConnections); each request is handed to one of 200 worker threads (maxThreads), which it keeps until the response is written, database waits included. When all connections are taken, 100 more wait in the operating system’s accept queue (acceptCount).
preset-glassfish = GlassFish / Payara, Jakarta EE application servers: the Grizzly NIO listener holds connections without threads, and requests run on the http-thread-pool, 5 threads by default (a tiny pool that production configurations raise), with up to 4,096 requests waiting for a thread (max-queue-size).
preset-webrick = WEBrick, the HTTP server that came with Ruby until Ruby 3.0 (now a separate gem): a thread per connection (up to 100, MaxClients), but Ruby’s global VM lock lets only one thread run Ruby code at a time, so CPU-bound requests are served one after the other; a thread waiting on a database releases the lock.
preset-nodejs = Node.js is a JavaScript runtime, not a web server: a program makes its own server with the http module (http.createServer(handler).listen(3000)). One thread runs the event loop; it holds as many connections as the operating system allows (server.maxConnections is unset), and everything that waits (database, disk, network) is a callback, so I/O-bound requests overlap freely; but CPU-bound work runs one request at a time and blocks all the others.
preset-flask-dev = Flask is a Python web framework; the server it starts for development (Werkzeug’s, not meant for production) runs here without threads (threaded=False, the default before Flask 1.0, since which each request gets a thread): one request at a time, from accept to response. Everything else waits in the 128-place accept queue, and one slow client holds up the whole server.
server-flask-dev = Flask development server
preset-postgresql = PostgreSQL: one operating-system process per client connection, at most 100 connections (max_connections, 3 of them kept for superusers). Beyond that, a new client gets “sorry, too many clients already”: applications share a small pool of connections instead.
preset-mysql = MySQL: one thread per client connection, at most 151 (max_connections), plus one kept for an administrator. Beyond that, “Too many connections”; 80 more can wait in the accept queue (back_log).
preset-mongodb = MongoDB: a thread per client connection, and up to 1,000,000 incoming connections by default (net.maxIncomingConnections), so in practice the operating system’s limits (open files, memory) bind first.
sweep-heading = Response time against load
sweep-intro = Each dot is a separate run of { $n } requests at one load; the line is what queueing theory (M/M/c) predicts for the same server, plus two network round trips (connecting, then the request and its answer). Near full load the wait grows without bound.
sweep-title = Mean response time (ms)
sweep-x = Offered load ρ = λ / (c·μ)
sweep-theory = M/M/c theory, c = { $c }
sweep-simulated = Simulated
sweep-run = Measure the curve
sweep-running = Measuring…


bench-anim-title = Animation benchmark
bench-anim-workload = A generated network of { $routers } routers and { $hosts } hosts, each host streaming packets to a host across the network. Network time runs at { $ratio } × real time; { $frames } frames are measured after a warm-up.
bench-anim-stage = The generated network and its packets
bench-anim-filling = Filling the network…
bench-anim-warming-up = Warming up…
bench-anim-measuring = Measuring frame { $frame } of { $frames }: { $packets } packets on the stage.
bench-anim-callback = Frame callback (advance and draw), p50 / p95 / max
bench-anim-interval = Time between animation frames, p50 / p95 / max
bench-anim-packets = Packets on the stage, min / median
bench-anim-events = Simulated while measuring
bench-anim-events-value = { $events } events in { $ms } ms of network time
bench-anim-js-heap = JavaScript heap, start → end
bench-anim-wasm-memory = WebAssembly memory, start → end
bench-load-title = 10,000 users on 8 servers
bench-load-workload = 10,000 users, each sending a request, waiting for the answer and thinking about a second before the next, to 8 Nginx servers behind a load balancer (best of two at random), for 20 s of simulated time. The page simulates a few milliseconds per frame, so it stays responsive; `cargo bench` runs the same workload natively.
bench-load-longest = Longest frame of simulation
bench-load-completed = Requests answered
bench-load-throughput = Throughput (simulated)

lesson-compare-title = Client-server or peer-to-peer?
lesson-compare-intro-1 = One file, the same peers, the same lines: on the left a server sends the file to every peer itself; on the right the peers form a swarm, trading pieces with each other as BitTorrent does, with the server as the first seed.
lesson-compare-intro-2 = Each dot is a peer, filling as its pieces arrive. Theory gives each side a lower bound (Kurose and Ross): a server alone needs at least N·F/u_s, growing with every peer; a swarm needs at least N·F/(u_s + Σu_i), because every new peer also uploads. Change N and watch the chart of time against N.
setting-peers = Peers (N)
setting-file = File size (F)
setting-server-up = Server upload (u_s)
setting-peer-up = Peer upload (u_i)
setting-peer-down = Peer download (d_i)
setting-piece = Piece size
setting-slots = Upload slots per peer
setting-seeding = Finished peers stay and upload
setting-churn = A fifth of the peers leave early (churn)
setting-flash-crowd = A flash crowd: as many peers again arrive half-way
setting-server-fails = The server fails after sending three copies
compare-cs = Client-server
compare-p2p = Peer-to-peer
compare-done = Every peer has the file: { $s } s.
compare-never = Some peers will never get the file: no complete copy is left.
compare-progress = { $done } of { $n } peers have the file.
compare-bound = Theory: at least { $s } s.
compare-speed = × { $x }
compare-clock = Simulated time: { $s } s
chart-peers-done = Peers with the whole file
chart-upload = Upload in use (Mbit/s)
upload-cs-server = Client-server: server
upload-p2p-server = Peer-to-peer: server
upload-p2p-peers = Peer-to-peer: peers
nsweep-heading = Distribution time against N
nsweep-intro = For each N, a separate run of each side (without churn, crowds or failures). The lines are the lower bounds; the dots are what the simulation measured.
nsweep-title = Time until every peer has the file (s)
nsweep-x = Peers (N)
nsweep-cs-bound = Client-server bound
nsweep-p2p-bound = Peer-to-peer bound
nsweep-run = Measure against N

lesson-gossip-title = A block spreads by gossip
lesson-gossip-intro-1 = In a peer-to-peer network such as a blockchain’s, no server tells everyone about a new block: each node that has it passes it on to a few others, who pass it on in turn. Each dot is a node; a red one has just received the block, an orange one had it already.
lesson-gossip-intro-2 = The informed nodes roughly double every round, so even a huge network is reached in a few dozen rounds: about log₂ N + ln N with one random target per round (Frieze and Grimmett). Compare the rounds for 50 and for 10,000 nodes.
setting-nodes = Nodes
setting-gossip = Each informed node, every round
gossip-push-1 = tells 1 random node
gossip-push-2 = tells 2 random nodes
gossip-push-4 = tells 4 random nodes
gossip-flood = tells its neighbours, once (flooding)
gossip-status = Round { $round }: { $informed } of { $n } nodes have the block.
gossip-theory = Theory: about { $rounds } rounds.
gossip-next = Next round
gossip-chart-informed = Nodes with the block
gossip-round = Round
gossip-informed = Informed
gossip-chart-sizes = Rounds to reach every node
gossip-size = Nodes (log scale)
gossip-theory-line = Theory
gossip-simulated = Simulated

popular-heading = A popular object: one server or the peers?
popular-intro = Requests instead of a whole file: the same { $n } peers ask for one 1 MB object, often enough to keep the server 80 % busy. Alone, the server sends every copy; with caching peers, a peer that has fetched it serves it to the others.
popular-server = Server alone
popular-peers = Peers cache it
popular-mean = Mean wait
popular-theory = Theory (M/G/1-PS)
popular-server-load = Server sends
popular-from-peers = Served by peers
popular-run = Compare
