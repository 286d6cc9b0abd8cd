#include "test_support.h"

#include <sys/wait.h>

#include <cstdlib>
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
