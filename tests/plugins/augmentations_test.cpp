// Tests for the augmentation plugins: hflip, random_crop, random_contrast,
// random_zoom.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <random>
#include <set>
#include <utility>

#include "pretext/augmentation.h"
#include "pretext/recipe.h"
#include "test_support.h"

namespace pretext {
namespace {

std::shared_ptr<Augmentation> make(const std::string& name,
                                   const std::string& yaml) {
  const auto& registry = testing::builtin_plugins();
  auto options = Options::validate(
      registry.find(name)->info->options, YAML::Load(yaml), "augment",
      [](const YAML::Node&, const std::string&) { return SourceLocation{}; });
  return registry.create_as<Augmentation>(name, options, Context{});
}

Image blank(int height, int width) {
  Image image;
  image.height = height;
  image.width = width;
  image.pixels.resize(static_cast<size_t>(height) * width * Image::channels);
  return image;
}

// Every value different and none zero, so any pixel's origin can be told
// and a zero can only come from a fill.
Image distinct_pixels(int height = 6, int width = 7) {
  Image image = blank(height, width);
  for (size_t i = 0; i < image.pixels.size(); ++i)
    image.pixels[i] = static_cast<uint8_t>(1 + i % 250);
  return image;
}

// A ramp from left to right, the same in every row and channel.
Image ramp(int height, int width) {
  Image image = blank(height, width);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      std::fill_n(image.at(y, x), Image::channels, 10 * x);
  return image;
}

Image apply(const Augmentation& augmentation, Image image, uint64_t seed) {
  std::mt19937_64 rng(seed);
  augmentation.apply(image, rng);
  return image;
}

bool same_pixel(const Image& a, int ay, int ax, const Image& b, int by,
                int bx) {
  return std::equal(a.at(ay, ax), a.at(ay, ax) + Image::channels, b.at(by, bx));
}

TEST(Hflip, MirrorsEveryRowWhenPIsOne) {
  auto hflip = make("hflip", "{p: 1}");
  Image in = distinct_pixels();
  for (uint64_t seed = 0; seed < 5; ++seed) {
    Image out = apply(*hflip, in, seed);
    ASSERT_EQ(out.height, in.height);
    ASSERT_EQ(out.width, in.width);
    for (int y = 0; y < in.height; ++y)
      for (int x = 0; x < in.width; ++x)
        EXPECT_TRUE(same_pixel(out, y, x, in, y, in.width - 1 - x))
            << "seed " << seed << " at " << y << ", " << x;
  }
}

TEST(Hflip, LeavesEveryImageAloneWhenPIsZero) {
  auto hflip = make("hflip", "{p: 0}");
  Image in = distinct_pixels();
  for (uint64_t seed = 0; seed < 5; ++seed)
    EXPECT_EQ(apply(*hflip, in, seed).pixels, in.pixels);
}

TEST(Hflip, MirrorsAboutHalfTheImagesByDefault) {
  auto hflip = make("hflip", "{}");
  Image in = distinct_pixels();
  int mirrored = 0;
  for (uint64_t seed = 0; seed < 400; ++seed)
    if (apply(*hflip, in, seed).pixels != in.pixels) ++mirrored;
  EXPECT_GT(mirrored, 150);
  EXPECT_LT(mirrored, 250);
}

TEST(RandomCrop, IsTheIdentityWithoutPadding) {
  auto crop = make("random_crop", "{padding: 0}");
  Image in = distinct_pixels();
  EXPECT_EQ(apply(*crop, in, 3).pixels, in.pixels);
}

// Mirrors a coordinate about the outermost pixels without repeating them,
// for fills narrower than the image.
int reflected(int at, int size) {
  if (at < 0) return -at;
  if (at >= size) return 2 * (size - 1) - at;
  return at;
}

// The shift (dy, dx) in [-padding, padding] for which `out` reads `in` at
// (y + dy, x + dx), outside pixels filled as `fill` says; none if no shift
// explains `out`.
std::optional<std::pair<int, int>> find_shift(const Image& in, const Image& out,
                                              int padding,
                                              const std::string& fill) {
  for (int dy = -padding; dy <= padding; ++dy)
    for (int dx = -padding; dx <= padding; ++dx) {
      bool explains = true;
      for (int y = 0; y < in.height && explains; ++y)
        for (int x = 0; x < in.width && explains; ++x) {
          int sy = y + dy, sx = x + dx;
          bool inside = sy >= 0 && sy < in.height && sx >= 0 && sx < in.width;
          if (inside || fill == "reflect")
            explains = same_pixel(out, y, x, in, reflected(sy, in.height),
                                  reflected(sx, in.width));
          else
            explains = out.at(y, x)[0] == 0 && out.at(y, x)[1] == 0 &&
                       out.at(y, x)[2] == 0;
        }
      if (explains) return std::make_pair(dy, dx);
    }
  return std::nullopt;
}

TEST(RandomCrop, ZeroFillShiftsTheImageAndBlackensTheUncoveredBorder) {
  auto crop = make("random_crop", "{padding: 2, fill: zero}");
  Image in = distinct_pixels();
  std::set<std::pair<int, int>> shifts;
  bool saw_black = false;
  for (uint64_t seed = 0; seed < 300; ++seed) {
    Image out = apply(*crop, in, seed);
    ASSERT_EQ(out.height, in.height);
    ASSERT_EQ(out.width, in.width);
    auto shift = find_shift(in, out, 2, "zero");
    ASSERT_TRUE(shift) << "seed " << seed;
    shifts.insert(*shift);
    saw_black |= std::count(out.pixels.begin(), out.pixels.end(), 0) > 0;
  }
  EXPECT_EQ(shifts.size(), 25u) << "every offset of the 5 x 5 is drawn";
  EXPECT_TRUE(saw_black);
}

TEST(RandomCrop, ReflectFillMirrorsTheImageWithoutRepeatingItsEdge) {
  auto crop = make("random_crop", "{padding: 3}");
  Image in = distinct_pixels();
  std::set<std::pair<int, int>> shifts;
  for (uint64_t seed = 0; seed < 300; ++seed) {
    Image out = apply(*crop, in, seed);
    auto shift = find_shift(in, out, 3, "reflect");
    ASSERT_TRUE(shift) << "seed " << seed;
    shifts.insert(*shift);
    EXPECT_EQ(std::count(out.pixels.begin(), out.pixels.end(), 0), 0);
  }
  EXPECT_EQ(shifts.size(), 49u);
}

TEST(RandomCrop, ReflectFillCopesWithPaddingWiderThanTheImage) {
  auto crop = make("random_crop", "{padding: 20}");
  Image in = distinct_pixels(3, 2);
  for (uint64_t seed = 0; seed < 50; ++seed) {
    Image out = apply(*crop, in, seed);
    ASSERT_EQ(out.pixels.size(), in.pixels.size());
    EXPECT_EQ(std::count(out.pixels.begin(), out.pixels.end(), 0), 0);
  }
}

TEST(RandomContrast, IsTheIdentityWithFactorZero) {
  auto contrast = make("random_contrast", "{factor: 0}");
  Image in = distinct_pixels();
  EXPECT_EQ(apply(*contrast, in, 1).pixels, in.pixels);
}

TEST(RandomContrast, LeavesAFlatImageFlat) {
  auto contrast = make("random_contrast", "{factor: 1}");
  Image in = blank(4, 4);
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x) {
      in.at(y, x)[0] = 30;
      in.at(y, x)[1] = 128;
      in.at(y, x)[2] = 250;
    }
  for (uint64_t seed = 0; seed < 5; ++seed)
    EXPECT_EQ(apply(*contrast, in, seed).pixels, in.pixels);
}

// Half the pixels at mean - 20, half at mean + 20, mean 120 + 10 * channel.
Image two_tones() {
  Image image = blank(2, 2);
  for (int y = 0; y < 2; ++y)
    for (int x = 0; x < 2; ++x)
      for (int c = 0; c < 3; ++c)
        image.at(y, x)[c] = 120 + 10 * c + (x == 0 ? -20 : 20);
  return image;
}

TEST(RandomContrast, ScalesEachChannelAroundItsOwnMeanByOneFactor) {
  auto contrast = make("random_contrast", "{factor: 0.5}");
  bool raised = false, lowered = false;
  for (uint64_t seed = 0; seed < 40; ++seed) {
    Image out = apply(*contrast, two_tones(), seed);
    int spread = out.at(0, 1)[0] - out.at(0, 0)[0];
    EXPECT_GE(spread, 19) << "c >= 0.5 keeps at least half of 40";
    EXPECT_LE(spread, 61) << "c <= 1.5 makes at most 1.5 times 40";
    for (int c = 0; c < 3; ++c) {
      int mean = 120 + 10 * c;
      int low = out.at(1, 0)[c], high = out.at(1, 1)[c];
      EXPECT_NEAR(low + high, 2 * mean, 1) << "the mean stays";
      EXPECT_NEAR(high - low, spread, 1) << "one c for every channel";
    }
    raised |= spread > 41;
    lowered |= spread < 39;
  }
  EXPECT_TRUE(raised);
  EXPECT_TRUE(lowered);
}

TEST(RandomContrast, ClampsInsteadOfWrappingAround) {
  auto contrast = make("random_contrast", "{factor: 1}");
  Image in = blank(1, 2);
  std::fill_n(in.at(0, 1), 3, 255);
  bool clamped = false;
  for (uint64_t seed = 0; seed < 20; ++seed) {
    Image out = apply(*contrast, in, seed);
    EXPECT_LE(out.at(0, 0)[0], out.at(0, 1)[0]) << "seed " << seed;
    clamped |= out.at(0, 0)[0] == 0 && out.at(0, 1)[0] == 255;
  }
  EXPECT_TRUE(clamped) << "any c > 1 pushes both tones out of range";
}

TEST(RandomZoom, IsTheIdentityWithFactorZero) {
  auto zoom = make("random_zoom", "{factor: 0}");
  Image in = distinct_pixels();
  EXPECT_EQ(apply(*zoom, in, 4).pixels, in.pixels);
}

// Rounding may differ by one between rows interpolated alike.
bool rows_are_alike(const Image& image) {
  for (int y = 1; y < image.height; ++y)
    for (int i = 0; i < image.width * Image::channels; ++i)
      if (std::abs(image.at(y, 0)[i] - image.at(0, 0)[i]) > 1) return false;
  return true;
}

// A ramp zoomed in is a steeper ramp over a narrower range; zoomed out it
// is a gentler ramp that turns back where the mirrored fill starts.
TEST(RandomZoom, ZoomsInByNarrowingARampAndOutByMirroringIt) {
  auto zoom = make("random_zoom", "{factor: 0.9}");
  Image in = ramp(12, 20);
  int narrowed = 0, mirrored = 0;
  for (uint64_t seed = 0; seed < 60; ++seed) {
    Image out = apply(*zoom, in, seed);
    ASSERT_EQ(out.height, in.height);
    ASSERT_EQ(out.width, in.width);
    ASSERT_TRUE(rows_are_alike(out)) << "seed " << seed;

    const uint8_t* row = out.at(0, 0);
    bool rising = true;
    for (int x = 1; x < out.width; ++x)
      rising &= row[3 * x] + 1 >= row[3 * x - 3];
    if (!rising) {
      ++mirrored;
      continue;
    }
    EXPECT_LE(row[3 * (out.width - 1)], 190) << "seed " << seed;
    if (row[3 * (out.width - 1)] - row[0] < 190) ++narrowed;
  }
  EXPECT_GT(narrowed, 10);
  EXPECT_GT(mirrored, 10);
}

TEST(Augmentations, TheSameSeedGivesTheSameImage) {
  const std::pair<const char*, const char*> setups[] = {
      {"hflip", "{}"},
      {"random_crop", "{padding: 3}"},
      {"random_contrast", "{factor: 0.8}"},
      {"random_zoom", "{factor: 0.5}"},
  };
  Image in = distinct_pixels(16, 16);
  for (const auto& [name, options] : setups) {
    auto augmentation = make(name, options);
    std::set<std::vector<uint8_t>> outputs;
    for (uint64_t seed = 0; seed < 8; ++seed) {
      Image first = apply(*augmentation, in, seed);
      EXPECT_EQ(apply(*augmentation, in, seed).pixels, first.pixels) << name;
      outputs.insert(first.pixels);
    }
    EXPECT_GT(outputs.size(), 1u) << name << " depends on the seed";
  }
}

TEST(Augmentations, AnOptionOutOfRangeNamesItsKeyPath) {
  const char* recipe = R"(name: demo
stages:
  - name: pretext
    train: {plugin: synthetic, size: 16}
    augment: [hflip, {plugin: random_zoom, factor: 0.95}]
    task: rotation
    backbone: mobilenet_v2
    head: linear
    optimizer: sgd
)";
  try {
    RecipeDocument::parse(recipe, "recipes/x.yaml")
        .validate(testing::builtin_plugins());
    FAIL() << "the recipe was accepted";
  } catch (const RecipeError& e) {
    EXPECT_STREQ(e.what(),
                 "recipes/x.yaml:5:52: stages[0].augment[1].factor: expected "
                 "a number in [0, 0.9], got \"0.95\"");
  }
}

}  // namespace
}  // namespace pretext
