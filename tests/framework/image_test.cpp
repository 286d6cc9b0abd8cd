#include "pretext/image.h"

#include <jpeglib.h>
#include <png.h>
#include <cstdio>

#include <gtest/gtest.h>

#include "pretext/error.h"
#include "test_support.h"

namespace pretext {
namespace {

namespace fs = std::filesystem;

using testing::write_jpeg;

TEST(Image, DecodesAnRgbJpeg) {
  auto dir = testing::temporary_dir("image_rgb");
  write_jpeg(dir / "a.jpg", 5, 4, 3, 128);
  Image image = read_image(dir / "a.jpg");
  EXPECT_EQ(image.width, 5);
  EXPECT_EQ(image.height, 4);
  EXPECT_NEAR(image.at(2, 2)[1], 128, 2);
}

TEST(Image, TurnsAGrayscaleJpegIntoRgb) {
  auto dir = testing::temporary_dir("image_gray");
  write_jpeg(dir / "g.jpg", 3, 3, 1, 200);
  Image image = read_image(dir / "g.jpg");
  ASSERT_EQ(image.pixels.size(), 27u);
  EXPECT_EQ(image.at(1, 1)[0], image.at(1, 1)[2]);
  EXPECT_NEAR(image.at(1, 1)[0], 200, 2);
}

TEST(Image, DecodesAPng) {
  auto dir = testing::temporary_dir("image_png");
  png_image png{};
  png.version = PNG_IMAGE_VERSION;
  png.width = 2;
  png.height = 2;
  png.format = PNG_FORMAT_RGB;
  std::vector<uint8_t> pixels = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  ASSERT_TRUE(png_image_write_to_file(&png, (dir / "p.png").c_str(), 0,
                                      pixels.data(), 0, nullptr));
  Image image = read_image(dir / "p.png");
  EXPECT_EQ(image.pixels, pixels);
}

TEST(Image, ACorruptJpegNamesTheFile) {
  auto dir = testing::temporary_dir("image_corrupt");
  write_jpeg(dir / "c.jpg", 8, 8, 3, 10);
  std::string bytes = testing::read_text(dir / "c.jpg");
  testing::write_text(dir / "c.jpg", bytes.substr(0, 40));
  try {
    read_image(dir / "c.jpg");
    FAIL() << "expected a DataError";
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(
                  (dir / "c.jpg").string() + ": corrupt JPEG: ", 0),
              0u)
        << e.what();
  }
}

TEST(Image, AFileThatIsNoImageNamesTheFile) {
  auto dir = testing::temporary_dir("image_text");
  testing::write_text(dir / "t.jpg", "hello");
  EXPECT_THROW(
      {
        try {
          read_image(dir / "t.jpg");
        } catch (const DataError& e) {
          EXPECT_EQ(std::string(e.what()),
                    (dir / "t.jpg").string() + ": not a JPEG or PNG image");
          throw;
        }
      },
      DataError);
}

TEST(Image, AMissingFileNamesTheFile) {
  try {
    read_image("/no/such/image.jpg");
    FAIL() << "expected a DataError";
  } catch (const DataError& e) {
    EXPECT_STREQ(e.what(), "/no/such/image.jpg: cannot open image file");
  }
}

TEST(Image, ResizeKeepsAFlatColourFlat) {
  Image image;
  image.height = image.width = 4;
  image.pixels.assign(48, 90);
  Image small = resize(image, 2, 3);
  EXPECT_EQ(small.height, 2);
  EXPECT_EQ(small.width, 3);
  for (uint8_t value : small.pixels) EXPECT_EQ(value, 90);
}

}  // namespace
}  // namespace pretext
