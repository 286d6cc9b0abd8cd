// Compiled once to make the precompiled header executables reuse.
int main() { return 0; }
