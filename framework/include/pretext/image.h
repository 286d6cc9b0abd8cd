// Decoded images and the decoders the data plugins share.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

namespace pretext {

/// An 8-bit RGB image, rows of interleaved pixels (height x width x 3).
struct Image {
  int height = 0;
  int width = 0;
  std::vector<uint8_t> pixels;

  static constexpr int channels = 3;
  uint8_t* at(int y, int x) { return &pixels[(y * width + x) * channels]; }
  const uint8_t* at(int y, int x) const {
    return &pixels[(y * width + x) * channels];
  }
};

/// Decodes a JPEG or PNG file into RGB; grayscale becomes RGB.
/// Throws DataError naming the file when it is missing or corrupt.
Image read_image(const std::filesystem::path& path);

/// Decodes JPEG or PNG bytes; `name` is used in error messages.
Image decode_image(const uint8_t* data, size_t size, const std::string& name);

/// Bilinear resize; returns the input unchanged when sizes already match.
Image resize(const Image& image, int height, int width);

}  // namespace pretext
