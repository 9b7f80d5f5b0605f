//! Fetch, execute, and the run loop.

use super::Hart;

impl Hart {
    /// Execute one instruction (or take one pending interrupt).
    pub fn step(&mut self) {}
}
