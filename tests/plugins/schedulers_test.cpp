// Tests for the schedulers plugins; filled in by their author.
#include <gtest/gtest.h>
