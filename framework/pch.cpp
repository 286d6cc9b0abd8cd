// Compiled once to make the precompiled header the other targets reuse.
