// Tests for the augmentations plugins; filled in by their author.
#include <gtest/gtest.h>
