// Finds plugin libraries, loads them with Boost.DLL and makes their objects.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/logger.h>

#include "pretext/plugin.h"

namespace pretext {

/// A plugin library that has been loaded and checked.
struct LoadedPlugin {
  const PluginInfo* info = nullptr;  ///< lives inside the library
  std::filesystem::path file;
  std::shared_ptr<const void> library;  ///< keeps the library mapped
};

class PluginRegistry {
 public:
  explicit PluginRegistry(std::shared_ptr<spdlog::logger> log);

  /// Loads every plugin in `dirs`, in order. A folder that does not exist
  /// is an error when `must_exist`, else skipped with a DEBUG line.
  void load_directories(const std::vector<std::filesystem::path>& dirs,
                        bool must_exist);

  /// Loads one library. Returns false (and logs at DEBUG) when the file is
  /// not a pretext plugin. Throws PluginError for an ABI mismatch or a
  /// name another plugin already has.
  bool load_file(const std::filesystem::path& file);

  /// nullptr when no plugin has this name.
  const LoadedPlugin* find(const std::string& name) const;

  /// All plugins, sorted by kind then name.
  std::vector<const LoadedPlugin*> plugins() const;

  /// Names of the plugins of one kind, sorted.
  std::vector<std::string> names(PluginKind kind) const;

  /// Makes an object of plugin `name`. The object keeps the plugin's
  /// library loaded until the object is destroyed.
  std::shared_ptr<Component> create(const std::string& name,
                                    const Options& options,
                                    const Context& context) const;

  template <typename T>
  std::shared_ptr<T> create_as(const std::string& name, const Options& options,
                               const Context& context) const {
    auto object = std::dynamic_pointer_cast<T>(create(name, options, context));
    if (!object) throw_wrong_type(name);
    return object;
  }

 private:
  [[noreturn]] void throw_wrong_type(const std::string& name) const;

  std::shared_ptr<spdlog::logger> log_;
  std::map<std::string, LoadedPlugin> plugins_;
};

/// The folders searched by default, after the recipe's own: those in
/// PRETEXT_PLUGIN_PATH, then lib/pretext/plugins beside the runner.
std::vector<std::filesystem::path> default_plugin_dirs();

/// The plugin folder of this installation (build or install tree).
std::filesystem::path builtin_plugin_dir();

}  // namespace pretext
