//! What the stage shows at one instant, computed from the trace: pure Rust, so
//! the animation's geometry is tested natively. The UI only draws it.

pub mod capture;
pub mod geometry;
pub mod kind;
pub mod packets;
pub mod raster;
pub mod sequence;
pub mod server_state;
pub mod story;
pub mod topology;
