// What a plugin library exports, and the one macro that exports it.
//
// A plugin is a shared library with two C symbols:
//   pretext_plugin_abi   int, the framework ABI it was built against
//   pretext_plugin_info  function returning its PluginInfo
// The loader reads the ABI number before touching anything else, so a
// library built against another framework is refused safely.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <spdlog/logger.h>
#include <torch/types.h>

#include "pretext/options.h"

namespace pretext {

/// Bump whenever a public header changes in a way that breaks plugins.
inline constexpr int kAbiVersion = 1;

/// The framework's own version, shown by `runner --version`.
const char* framework_version();

enum class PluginKind {
  dataset,
  augmentation,
  task,
  backbone,
  head,
  optimizer,
  scheduler,
  callback,
};

const char* to_string(PluginKind kind);
std::optional<PluginKind> parse_plugin_kind(const std::string& text);

/// Base of every object a plugin makes.
class Component {
 public:
  virtual ~Component();
};

/// What the host tells a plugin when it makes one of its objects.
struct Context {
  std::shared_ptr<spdlog::logger> log;  ///< the host's logger: use this one
  std::string stage;                    ///< stage the object belongs to
  torch::Device device = torch::kCPU;
  uint64_t seed = 0;
  std::filesystem::path run_dir;  ///< the run folder, for callbacks
  int64_t in_features = 0;        ///< heads: width of the backbone features
  int64_t out_features = 0;       ///< heads: number of task outputs
};

using Factory =
    std::function<std::unique_ptr<Component>(const Options&, const Context&)>;

/// Everything a plugin declares about itself.
struct PluginInfo {
  std::string name;  ///< snake_case, unique among loaded plugins
  PluginKind kind = PluginKind::callback;
  std::string version;  ///< the plugin's own version
  std::string summary;  ///< one line for `runner plugins`
  std::vector<OptionSpec> options;
  Factory create;
  int abi_version = kAbiVersion;
};

/// A factory for type T, which takes (const Options&, const Context&).
template <typename T>
Factory factory_of() {
  return [](const Options& options, const Context& context) {
    return std::unique_ptr<Component>(new T(options, context));
  };
}

}  // namespace pretext

#if defined(_WIN32)
#define PRETEXT_PLUGIN_EXPORT __declspec(dllexport)
#else
#define PRETEXT_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

/// Exports a plugin. `describe` is a function returning its PluginInfo.
/// Use it once per plugin library, at namespace scope.
#define PRETEXT_PLUGIN(describe)                                  \
  extern "C" PRETEXT_PLUGIN_EXPORT const int pretext_plugin_abi = \
      ::pretext::kAbiVersion;                                     \
  extern "C" PRETEXT_PLUGIN_EXPORT const ::pretext::PluginInfo*   \
  pretext_plugin_info() {                                         \
    static const ::pretext::PluginInfo info = describe();         \
    return &info;                                                 \
  }
