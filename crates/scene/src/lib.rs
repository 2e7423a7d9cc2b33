//! What the stage shows at one instant, computed from the trace, and the
//! words it is told in: pure Rust, so the animation's geometry is tested
//! natively. The UI only draws it; the lessons (`cslab-lessons`) give it
//! their topology and their narration's plot, and it knows nothing of them.

mod by_packet;
pub mod capture;
pub mod geometry;
pub mod i18n;
pub mod kind;
pub mod packets;
pub mod paint;
pub mod raster;
pub mod sequence;
pub mod server_state;
pub mod story;
pub mod topology;
