//! The view model the timeline UI draws, computed from a trace prefix (pure).
