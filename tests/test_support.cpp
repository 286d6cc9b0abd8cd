#include "test_support.h"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>

#include <jpeglib.h>
#include <fstream>
#include <sstream>

#include "pretext/log.h"

namespace pretext::testing {
namespace fs = std::filesystem;

const PluginRegistry& builtin_plugins() {
  static PluginRegistry* registry = [] {
    auto* made = new PluginRegistry(make_logger("warn"));
    made->load_directories({PRETEXT_PLUGIN_DIR}, /*must_exist=*/true);
    return made;
  }();
  return *registry;
}

fs::path temporary_dir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() /
                 ("pretext_test_" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write_text(const fs::path& path, const std::string& text) {
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_jpeg(const fs::path& path, int width, int height, int channels,
                uint8_t value) {
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
  jpeg_compress_struct info;
  jpeg_error_mgr errors;
  info.err = jpeg_std_error(&errors);
  jpeg_create_compress(&info);
  FILE* file = std::fopen(path.c_str(), "wb");
  jpeg_stdio_dest(&info, file);
  info.image_width = width;
  info.image_height = height;
  info.input_components = channels;
  info.in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&info);
  jpeg_set_quality(&info, 100, TRUE);
  jpeg_start_compress(&info, TRUE);
  std::vector<uint8_t> row(width * channels, value);
  while (info.next_scanline < info.image_height) {
    JSAMPROW pointer = row.data();
    jpeg_write_scanlines(&info, &pointer, 1);
  }
  jpeg_finish_compress(&info);
  std::fclose(file);
  jpeg_destroy_compress(&info);
}

CommandResult run_command(const std::string& command) {
  fs::path dir = temporary_dir("command");
  std::string full = command + " >" + (dir / "out").string() + " 2>" +
                     (dir / "err").string() + " </dev/null";
  int raw = std::system(full.c_str());
  CommandResult result;
  result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
  result.out = read_text(dir / "out");
  result.err = read_text(dir / "err");
  return result;
}

CommandResult run_runner(const std::string& arguments) {
  return run_command(std::string("env PRETEXT_PLUGIN_PATH= ") + PRETEXT_RUNNER +
                     " " + arguments);
}

}  // namespace pretext::testing
