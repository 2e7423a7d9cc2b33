//! What others can see of a page load: someone on the same Wi-Fi, the
//! Internet provider, the DNS resolver and the web server's log, each
//! where it sits ([`observer`]), what it learns from the packets that
//! reached it ([`findings`]), and the server's log as nginx writes it
//! ([`access_log`]). A crate of its own so that it is compiled for size:
//! the simulator's engine, compiled for speed, does not need it.

pub mod access_log;
pub mod findings;
pub mod observer;
pub mod page;
