// Recipes: YAML files describing a run as stages made of plugins.
// See docs/recipes.md for the schema.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "pretext/options.h"
#include "pretext/plugin.h"
#include "pretext/plugin_registry.h"

namespace pretext {

/// A plugin named in a recipe, with its validated options.
struct ComponentSpec {
  std::string plugin;
  Options options;
  std::string key_path;  ///< e.g. stages[1].head
};

/// The backbone of a stage: a new one, or taken from somewhere.
struct BackboneSpec : ComponentSpec {
  std::string from_stage;           ///< start from this earlier stage
  std::filesystem::path from_file;  ///< or from a state-dict file
  bool freeze = false;              ///< train only the head
  double lr_scale = 1.0;            ///< backbone lr = base lr * lr_scale
  bool cache_features = true;       ///< frozen: compute features once
  bool precise_bn = false;          ///< re-estimate batch-norm statistics first
};

struct StageSpec {
  std::string name;
  ComponentSpec train;
  std::optional<ComponentSpec> val;
  std::vector<ComponentSpec> augment;  ///< applied to training images
  ComponentSpec task;
  BackboneSpec backbone;
  ComponentSpec head;
  ComponentSpec optimizer;
  std::optional<ComponentSpec> scheduler;
  std::vector<ComponentSpec> callbacks;
  int64_t epochs = 1;
  int64_t batch_size = 64;
  int64_t eval_batch_size = 256;
  int64_t workers = 2;
  int64_t steps_per_epoch = 0;  ///< 0: the whole training set
};

struct Recipe {
  std::filesystem::path file;
  std::string name;
  uint64_t seed = 0;
  std::string device = "auto";
  std::filesystem::path output = "runs";
  int64_t threads = 0;             ///< math threads; 0 lets LibTorch decide
  bool channels_last = true;       ///< store images and weights channels-last
  std::string precision = "fp32";  ///< fp32, or bf16 autocast
  std::vector<std::filesystem::path> plugin_dirs;
  std::vector<StageSpec> stages;

  /// The recipe with every default filled in, as YAML.
  YAML::Node resolved() const;
};

/// A recipe file read and overridden, not yet checked against plugins.
class RecipeDocument {
 public:
  /// Reads `file` and applies overrides written as PATH=VALUE.
  static RecipeDocument load(const std::filesystem::path& file,
                             const std::vector<std::string>& overrides = {});
  /// Same, from text (for tests); `file` names it in errors.
  static RecipeDocument parse(const std::string& text, const std::string& file,
                              const std::vector<std::string>& overrides = {});

  /// The `plugin_dirs` key, resolved against the recipe's folder.
  std::vector<std::filesystem::path> plugin_dirs() const;

  /// Checks everything and builds the recipe.
  Recipe validate(const PluginRegistry& registry) const;

  const YAML::Node& root() const { return root_; }
  const std::string& file() const { return file_; }

  /// Where the value at `key_path` came from (file position or --set).
  SourceLocation locate(const YAML::Node& node,
                        const std::string& key_path) const;

 private:
  void apply_override(const std::string& assignment);

  std::string file_;
  YAML::Node root_;
  std::map<std::string, std::string> overridden_;  ///< key path -> flag
};

/// "did you mean X?" for the candidate nearest to `name`, or "".
std::string suggest(const std::string& name,
                    const std::vector<std::string>& candidates);

}  // namespace pretext
