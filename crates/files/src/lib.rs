//! Moving a file three ways over the simulator's stack: FTP with its
//! control and data connections, in active or passive mode ([`ftp`]); SFTP
//! inside one SSH connection ([`ssh`], [`sftp`]); an HTTP download that
//! resumes with `Range` after the line breaks ([`download`]). [`world`]
//! puts one of them on the stage; [`compare`] runs the three side by side.
//! A crate of its own so that it is compiled for size.

pub mod compare;
pub mod download;
pub mod file;
pub mod ftp;
pub mod sftp;
pub mod ssh;
pub mod world;
