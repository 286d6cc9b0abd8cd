#include "pretext/plugin_registry.h"

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>

#include "pretext/error.h"

namespace pretext {
namespace fs = std::filesystem;
namespace {

bool looks_like_library(const fs::path& file) {
  auto name = file.filename().string();
  return file.extension() == ".so" || name.find(".so.") != std::string::npos ||
         file.extension() == ".dylib" || file.extension() == ".dll";
}

}  // namespace

PluginRegistry::PluginRegistry(std::shared_ptr<spdlog::logger> log)
    : log_(std::move(log)) {}

void PluginRegistry::load_directories(const std::vector<fs::path>& dirs,
                                      bool must_exist) {
  std::vector<fs::path> seen;
  for (const auto& dir : dirs) {
    std::error_code failed;
    if (!fs::is_directory(dir, failed)) {
      if (must_exist)
        throw PluginError("plugin folder " + dir.string() +
                          " does not exist or is not a folder");
      log_->debug("plugin folder {} not found, skipped", dir.string());
      continue;
    }
    auto canonical = fs::canonical(dir);
    if (std::find(seen.begin(), seen.end(), canonical) != seen.end()) continue;
    seen.push_back(canonical);

    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(canonical))
      if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) load_file(file);
  }
}

bool PluginRegistry::load_file(const fs::path& file) {
  if (!looks_like_library(file)) {
    log_->debug("{}: not a shared library, skipped", file.string());
    return false;
  }
  for (const auto& [name, loaded] : plugins_)
    if (fs::equivalent(loaded.file, file)) return true;

  auto library = std::make_shared<boost::dll::shared_library>();
  try {
    library->load(file.string(), boost::dll::load_mode::rtld_now |
                                     boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    log_->debug("{}: cannot be loaded, skipped: {}", file.string(), e.what());
    return false;
  }
  if (!library->has("pretext_plugin_abi") ||
      !library->has("pretext_plugin_info")) {
    log_->debug("{}: not a pretext plugin, skipped", file.string());
    return false;
  }

  int abi = library->get<const int>("pretext_plugin_abi");
  if (abi != kAbiVersion)
    throw PluginError(file.string() + ": plugin built for framework ABI " +
                      std::to_string(abi) + ", this runner has ABI " +
                      std::to_string(kAbiVersion) +
                      "; rebuild the plugin against this pretext");

  auto describe = library->get<const PluginInfo*()>("pretext_plugin_info");
  const PluginInfo* info = describe();
  if (!info || info->name.empty() || !info->create)
    throw PluginError(file.string() +
                      ": plugin declares no name or no factory");

  auto existing = plugins_.find(info->name);
  if (existing != plugins_.end())
    throw PluginError("two plugins are named \"" + info->name +
                      "\": " + existing->second.file.string() + " and " +
                      file.string() + "; remove or rename one");

  plugins_[info->name] = LoadedPlugin{info, file, library};
  log_->debug("loaded {} plugin {} {} from {}", to_string(info->kind),
              info->name, info->version, file.string());
  return true;
}

const LoadedPlugin* PluginRegistry::find(const std::string& name) const {
  auto found = plugins_.find(name);
  return found == plugins_.end() ? nullptr : &found->second;
}

std::vector<const LoadedPlugin*> PluginRegistry::plugins() const {
  std::vector<const LoadedPlugin*> all;
  for (const auto& [name, plugin] : plugins_) all.push_back(&plugin);
  std::stable_sort(all.begin(), all.end(), [](auto* a, auto* b) {
    return a->info->kind < b->info->kind;
  });
  return all;
}

std::vector<std::string> PluginRegistry::names(PluginKind kind) const {
  std::vector<std::string> names;
  for (const auto& [name, plugin] : plugins_)
    if (plugin.info->kind == kind) names.push_back(name);
  return names;
}

std::shared_ptr<Component> PluginRegistry::create(
    const std::string& name, const Options& options,
    const Context& context) const {
  const LoadedPlugin* plugin = find(name);
  if (!plugin) throw PluginError("no plugin named \"" + name + "\"");

  std::unique_ptr<Component> made = plugin->info->create(options, context);
  if (!made) throw PluginError("plugin " + name + " made no object");

  // The deleter holds the library, so the object's code stays mapped for
  // as long as the object lives, and is destroyed before it is unmapped.
  auto library = plugin->library;
  return std::shared_ptr<Component>(
      made.release(), [library](Component* object) { delete object; });
}

void PluginRegistry::throw_wrong_type(const std::string& name) const {
  const LoadedPlugin* plugin = find(name);
  throw PluginError("plugin " + name + " (" + plugin->file.string() +
                    ") made an object that is not a " +
                    to_string(plugin->info->kind));
}

fs::path builtin_plugin_dir() {
  auto runner_dir = boost::dll::program_location().parent_path();
  // Set by the build: the same relative path in build and install trees.
  return fs::path(runner_dir.string()) / PRETEXT_PLUGIN_DIR_FROM_BIN;
}

std::vector<fs::path> default_plugin_dirs() {
  std::vector<fs::path> dirs;
  if (const char* env = std::getenv("PRETEXT_PLUGIN_PATH")) {
    std::stringstream list(env);
    std::string dir;
    while (std::getline(list, dir, ':'))
      if (!dir.empty()) dirs.emplace_back(dir);
  }
  dirs.push_back(builtin_plugin_dir().lexically_normal());
  return dirs;
}

}  // namespace pretext
