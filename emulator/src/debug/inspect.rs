//! Inspection views for the debugger (in progress).
