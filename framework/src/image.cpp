#include "pretext/image.h"

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include <jpeglib.h>
#include <png.h>

#include "pretext/error.h"

namespace pretext {
namespace {

struct JpegFailure {
  jpeg_error_mgr manager;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

void on_jpeg_error(j_common_ptr info) {
  auto* failure = reinterpret_cast<JpegFailure*>(info->err);
  (*info->err->format_message)(info, failure->message);
  std::longjmp(failure->jump, 1);
}

Image decode_jpeg(const uint8_t* data, size_t size, const std::string& name) {
  jpeg_decompress_struct info;
  JpegFailure failure;
  info.err = jpeg_std_error(&failure.manager);
  failure.manager.error_exit = on_jpeg_error;
  failure.manager.output_message = [](j_common_ptr) {};
  Image image;
  if (setjmp(failure.jump)) {
    jpeg_destroy_decompress(&info);
    throw DataError(name + ": corrupt JPEG: " + failure.message);
  }
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, data, static_cast<unsigned long>(size));
  jpeg_read_header(&info, TRUE);
  info.out_color_space = JCS_RGB;  // grayscale and CMYK become RGB
  jpeg_start_decompress(&info);
  image.height = static_cast<int>(info.output_height);
  image.width = static_cast<int>(info.output_width);
  image.pixels.resize(static_cast<size_t>(image.height) * image.width * 3);
  while (info.output_scanline < info.output_height) {
    JSAMPROW row = image.pixels.data() +
                   static_cast<size_t>(info.output_scanline) * image.width * 3;
    jpeg_read_scanlines(&info, &row, 1);
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  return image;
}

Image decode_png(const uint8_t* data, size_t size, const std::string& name) {
  png_image png;
  std::memset(&png, 0, sizeof(png));
  png.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&png, data, size))
    throw DataError(name + ": corrupt PNG: " + png.message);
  png.format = PNG_FORMAT_RGB;
  Image image;
  image.height = static_cast<int>(png.height);
  image.width = static_cast<int>(png.width);
  image.pixels.resize(PNG_IMAGE_SIZE(png));
  if (!png_image_finish_read(&png, nullptr, image.pixels.data(), 0, nullptr)) {
    std::string message = png.message;
    png_image_free(&png);
    throw DataError(name + ": corrupt PNG: " + message);
  }
  return image;
}

}  // namespace

Image decode_image(const uint8_t* data, size_t size, const std::string& name) {
  if (size >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
    return decode_jpeg(data, size, name);
  if (size >= 8 && std::memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return decode_png(data, size, name);
  throw DataError(name + ": not a JPEG or PNG image");
}

Image read_image(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path.string() + ": cannot open image file");
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  return decode_image(bytes.data(), bytes.size(), path.string());
}

Image resize(const Image& image, int height, int width) {
  if (image.height == height && image.width == width) return image;
  Image out;
  out.height = height;
  out.width = width;
  out.pixels.resize(static_cast<size_t>(height) * width * 3);
  float scale_y = static_cast<float>(image.height) / height;
  float scale_x = static_cast<float>(image.width) / width;
  for (int y = 0; y < height; ++y) {
    float source_y = std::max(0.0f, (y + 0.5f) * scale_y - 0.5f);
    int y0 = std::min(static_cast<int>(source_y), image.height - 1);
    int y1 = std::min(y0 + 1, image.height - 1);
    float wy = source_y - y0;
    for (int x = 0; x < width; ++x) {
      float source_x = std::max(0.0f, (x + 0.5f) * scale_x - 0.5f);
      int x0 = std::min(static_cast<int>(source_x), image.width - 1);
      int x1 = std::min(x0 + 1, image.width - 1);
      float wx = source_x - x0;
      for (int c = 0; c < 3; ++c) {
        float top = image.at(y0, x0)[c] * (1 - wx) + image.at(y0, x1)[c] * wx;
        float bottom =
            image.at(y1, x0)[c] * (1 - wx) + image.at(y1, x1)[c] * wx;
        out.at(y, x)[c] =
            static_cast<uint8_t>(top * (1 - wy) + bottom * wy + 0.5f);
      }
    }
  }
  return out;
}

}  // namespace pretext
