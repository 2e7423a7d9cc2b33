//! E-mail over the simulator's TCP, TLS and DNS: a mail server as Postfix
//! or Exim speaks SMTP ([`smtp`], [`mta`]), how it relays to the recipient's domain by its
//! MX records ([`relay`]), how Dovecot lets users read their mailboxes over
//! IMAP and POP3 ([`dovecot`]), and an e-mail's whole journey as one world
//! ([`journey`]). A crate of its own so that it is compiled for size: the
//! simulator's engine, compiled for speed, does not need it.

pub mod dovecot;
pub mod journey;
pub mod mta;
pub mod relay;
pub mod smtp;
