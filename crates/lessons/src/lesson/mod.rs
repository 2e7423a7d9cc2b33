//! Lessons: what each puts on the stage, its settings and how it runs. Pure
//! data, no web crates, so the command line, the tests and the page all read
//! the same description.

pub mod address;
pub mod compare;
pub mod gossip_lesson;
pub mod large_network;
pub mod lessons;
pub mod playback;
pub mod server_says_no;
pub mod transcript;
pub mod under_load;
