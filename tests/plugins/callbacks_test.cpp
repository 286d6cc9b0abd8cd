// Tests for the callbacks plugins; filled in by their author.
#include <gtest/gtest.h>
