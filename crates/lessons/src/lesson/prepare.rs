//! Work a lesson's run needs done before it starts (the login lesson's
//! password hashes: a million rounds each), which the page does a slice
//! per frame, showing how far it got, so that it never stops drawing.

pub trait Preparation {
    /// Does up to `units` units of work; true when none is left.
    fn work(&mut self, units: u32) -> bool;
    /// How much is done, from 0 to 1.
    fn done(&self) -> f64;
    /// The message id of what is being done.
    fn what_key(&self) -> &'static str;
}
