#include "pretext/recipe.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "pretext/error.h"

namespace pretext {
namespace fs = std::filesystem;
namespace {

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string join(const std::vector<std::string>& items) {
  std::string text;
  for (size_t i = 0; i < items.size(); ++i) text += (i ? ", " : "") + items[i];
  return items.empty() ? "(none)" : text;
}

std::string quoted(const YAML::Node& node) {
  if (!node || node.IsNull()) return "nothing";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  return "\"" + node.Scalar() + "\"";
}

std::string number_text(double value) {
  std::ostringstream text;
  text.precision(15);
  text << value;
  return text.str();
}

bool is_snake_case(const std::string& text) {
  if (text.empty() || !std::islower(static_cast<unsigned char>(text[0])))
    return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '_';
  });
}

// The keys of one mapping, read one by one; anything left unread is an
// unknown key.
class Fields {
 public:
  Fields(const RecipeDocument& doc, const YAML::Node& node, std::string path)
      : doc_(doc), node_(node), path_(std::move(path)) {
    if (!node_.IsMap())
      throw RecipeError(doc_.locate(node_, path_), path_,
                        "expected a mapping, got " + quoted(node_));
  }

  const std::string& path() const { return path_; }
  std::string child(const std::string& key) const {
    return path_.empty() ? key : path_ + "." + key;
  }

  // The value of `key`, or an undefined node (false in a test) when the
  // key is missing or null.
  YAML::Node take(const std::string& key) {
    known_.push_back(key);
    YAML::Node value = node_[key];
    return value && !value.IsNull() ? value : missing();
  }

  static YAML::Node missing() {
    static const YAML::Node empty(YAML::NodeType::Map);
    return empty["missing"];
  }

  YAML::Node require(const std::string& key, const std::string& what) {
    YAML::Node value = take(key);
    if (!value)
      fail_here("missing required key \"" + key + "\" (" + what + ")");
    return value;
  }

  [[noreturn]] void fail(const YAML::Node& value, const std::string& key,
                         const std::string& what) const {
    throw RecipeError(doc_.locate(value, child(key)), child(key), what);
  }

  [[noreturn]] void fail_here(const std::string& what) const {
    throw RecipeError(doc_.locate(node_, path_), path_, what);
  }

  std::string string(const std::string& key, const std::string& fallback) {
    YAML::Node value = take(key);
    if (!value) return fallback;
    if (!value.IsScalar())
      fail(value, key, "expected a string, got " + quoted(value));
    return value.Scalar();
  }

  int64_t integer(const std::string& key, int64_t fallback, int64_t min) {
    YAML::Node value = take(key);
    if (!value) return fallback;
    std::string text = value.IsScalar() ? value.Scalar() : "";
    int64_t parsed = 0;
    bool digits = !text.empty() &&
                  text.find_first_not_of("0123456789-+") == std::string::npos;
    if (!digits || !YAML::convert<int64_t>::decode(value, parsed) ||
        parsed < min) {
      std::string expected = min == 1   ? "a positive integer"
                             : min == 0 ? "a non-negative integer"
                                        : "an integer";
      fail(value, key, "expected " + expected + ", got " + quoted(value));
    }
    return parsed;
  }

  double number(const std::string& key, double fallback, double above) {
    YAML::Node value = take(key);
    if (!value) return fallback;
    double parsed = 0;
    if (!value.IsScalar() || !YAML::convert<double>::decode(value, parsed) ||
        !(parsed > above))
      fail(value, key, "expected a positive number, got " + quoted(value));
    return parsed;
  }

  bool boolean(const std::string& key, bool fallback) {
    YAML::Node value = take(key);
    if (!value) return fallback;
    bool parsed = false;
    if (!value.IsScalar() || !YAML::convert<bool>::decode(value, parsed))
      fail(value, key, "expected true or false, got " + quoted(value));
    return parsed;
  }

  // Every key not read so far is a mistake.
  void finish(const std::vector<std::string>& allowed_extra = {}) const {
    std::vector<std::string> known = known_;
    known.insert(known.end(), allowed_extra.begin(), allowed_extra.end());
    for (const auto& entry : node_) {
      std::string key = entry.first.Scalar();
      if (std::find(known.begin(), known.end(), key) != known.end()) continue;
      std::vector<std::string> choices = known;
      std::sort(choices.begin(), choices.end());
      std::string hint = suggest(key, choices);
      throw RecipeError(doc_.locate(entry.first, child(key)), child(key),
                        "unknown key" + (hint.empty() ? "" : "; " + hint) +
                            " (valid keys: " + join(choices) + ")");
    }
  }

 private:
  const RecipeDocument& doc_;
  YAML::Node node_;
  std::string path_;
  std::vector<std::string> known_;
};

// Reserved keys a backbone takes besides its plugin's options.
const std::vector<std::string> kBackboneKeys = {"from", "freeze", "lr_scale",
                                                "cache_features", "precise_bn"};

class Validator {
 public:
  Validator(const RecipeDocument& doc, const PluginRegistry& registry)
      : doc_(doc), registry_(registry) {}

  Recipe run() {
    const YAML::Node& root = doc_.root();
    if (!root || root.IsNull())
      throw RecipeError({doc_.file()}, "", "the recipe is empty");
    Fields top(doc_, root, "");
    Recipe recipe;
    recipe.file = doc_.file();
    recipe.name = top.string("name", "");
    if (recipe.name.empty()) top.fail_here("missing required key \"name\"");
    recipe.seed = static_cast<uint64_t>(top.integer("seed", 0, 0));
    YAML::Node device = top.take("device");
    if (device) {
      recipe.device = device.IsScalar() ? device.Scalar() : "";
      if (recipe.device != "cpu" && recipe.device != "cuda" &&
          recipe.device != "auto")
        top.fail(device, "device",
                 "expected one of: cpu, cuda, auto, got " + quoted(device));
    }
    recipe.output = top.string("output", "runs");
    recipe.threads = top.integer("threads", 0, 0);
    recipe.channels_last = top.boolean("channels_last", true);
    if (YAML::Node precision = top.take("precision")) {
      recipe.precision = precision.IsScalar() ? precision.Scalar() : "";
      if (recipe.precision != "fp32" && recipe.precision != "bf16")
        top.fail(precision, "precision",
                 "expected one of: fp32, bf16, got " + quoted(precision));
    }
    top.take("plugin_dirs");  // read before plugins were loaded
    recipe.plugin_dirs = doc_.plugin_dirs();

    YAML::Node stages = top.require("stages", "the list of stages to run");
    if (!stages.IsSequence() || stages.size() == 0)
      top.fail(stages, "stages",
               "expected a non-empty list of stages, got " + quoted(stages));
    top.finish();

    for (size_t i = 0; i < stages.size(); ++i)
      recipe.stages.push_back(
          stage(stages[i], "stages[" + std::to_string(i) + "]", recipe));
    return recipe;
  }

 private:
  StageSpec stage(const YAML::Node& node, const std::string& path,
                  const Recipe& recipe) {
    Fields fields(doc_, node, path);
    StageSpec spec;
    YAML::Node name = fields.require("name", "a snake_case stage name");
    spec.name = name.IsScalar() ? name.Scalar() : "";
    if (!is_snake_case(spec.name))
      fields.fail(name, "name",
                  "expected a snake_case name, got " + quoted(name));
    for (const auto& earlier : recipe.stages)
      if (earlier.name == spec.name)
        fields.fail(name, "name",
                    "stage name \"" + spec.name + "\" is used twice");

    spec.train = component(fields, "train", PluginKind::dataset);
    if (YAML::Node val = fields.take("val"))
      spec.val = component_at(val, fields.child("val"), PluginKind::dataset);
    spec.augment = component_list(fields, "augment", PluginKind::augmentation);
    spec.task = component(fields, "task", PluginKind::task);
    spec.backbone = backbone(fields, recipe);
    spec.head = component(fields, "head", PluginKind::head);
    spec.optimizer = component(fields, "optimizer", PluginKind::optimizer);
    if (YAML::Node scheduler = fields.take("scheduler"))
      spec.scheduler = component_at(scheduler, fields.child("scheduler"),
                                    PluginKind::scheduler);
    spec.callbacks = component_list(fields, "callbacks", PluginKind::callback);
    spec.epochs = fields.integer("epochs", 1, 1);
    spec.batch_size = fields.integer("batch_size", 64, 1);
    spec.eval_batch_size = fields.integer("eval_batch_size", 256, 1);
    spec.workers = fields.integer("workers", 2, 0);
    spec.steps_per_epoch = fields.integer("steps_per_epoch", 0, 0);
    fields.finish();
    return spec;
  }

  ComponentSpec component(Fields& fields, const std::string& key,
                          PluginKind kind) {
    YAML::Node node =
        fields.require(key, std::string("a ") + to_string(kind) + " plugin");
    return component_at(node, fields.child(key), kind);
  }

  std::vector<ComponentSpec> component_list(Fields& fields,
                                            const std::string& key,
                                            PluginKind kind) {
    std::vector<ComponentSpec> list;
    YAML::Node node = fields.take(key);
    if (!node) return list;
    if (!node.IsSequence())
      fields.fail(node, key,
                  std::string("expected a list of ") + to_string(kind) +
                      " plugins, got " + quoted(node));
    for (size_t i = 0; i < node.size(); ++i)
      list.push_back(component_at(
          node[i], fields.child(key) + "[" + std::to_string(i) + "]", kind));
    return list;
  }

  // A component is a plugin name, or a mapping with `plugin` and options.
  ComponentSpec component_at(const YAML::Node& node, const std::string& path,
                             PluginKind kind,
                             const std::vector<std::string>& reserved = {}) {
    ComponentSpec spec;
    spec.key_path = path;
    if (!node.IsScalar() && !node.IsMap())
      throw RecipeError(doc_.locate(node, path), path,
                        std::string("expected a ") + to_string(kind) +
                            " plugin name or a mapping with \"plugin\", got " +
                            quoted(node));
    // yaml-cpp's Node::operator= assigns values, so nodes are bound once.
    const YAML::Node name_node = node.IsMap() ? node["plugin"] : node;
    const YAML::Node options = node.IsMap() ? node : YAML::Node();
    if (!name_node || name_node.IsNull())
      throw RecipeError(doc_.locate(node, path), path,
                        std::string("missing required key \"plugin\" (a ") +
                            to_string(kind) +
                            " plugin: " + join(registry_.names(kind)) + ")");
    spec.plugin =
        plugin_name(name_node, path + (node.IsMap() ? ".plugin" : ""), kind);
    const PluginInfo& info = *registry_.find(spec.plugin)->info;

    if (node.IsMap()) check_option_keys(options, path, info, reserved);
    // A plugin named by a bare string has no option nodes: point at it.
    auto locate = [this, &node](const YAML::Node& n, const std::string& p) {
      return doc_.locate(n && !n.Mark().is_null() ? n : node, p);
    };
    spec.options = Options::validate(info.options, options, path, locate);
    return spec;
  }

  std::string plugin_name(const YAML::Node& node, const std::string& path,
                          PluginKind kind) {
    std::vector<std::string> known = registry_.names(kind);
    std::string name = node.IsScalar() ? node.Scalar() : "";
    const LoadedPlugin* plugin = registry_.find(name);
    if (plugin && plugin->info->kind == kind) return name;

    std::string what;
    if (plugin)
      what = "plugin \"" + name + "\" is a " + to_string(plugin->info->kind) +
             ", not a " + to_string(kind);
    else
      what =
          std::string("unknown ") + to_string(kind) + " plugin " + quoted(node);
    std::string hint = suggest(name, known);
    throw RecipeError(doc_.locate(node, path), path,
                      what + (hint.empty() ? "" : "; " + hint) + " (known " +
                          to_string(kind) + " plugins: " + join(known) + ")");
  }

  void check_option_keys(const YAML::Node& options, const std::string& path,
                         const PluginInfo& info,
                         const std::vector<std::string>& reserved) {
    std::vector<std::string> valid;
    for (const auto& spec : info.options) valid.push_back(spec.name);
    for (const auto& entry : options) {
      std::string key = entry.first.Scalar();
      if (key == "plugin") continue;
      if (std::find(reserved.begin(), reserved.end(), key) != reserved.end())
        continue;
      if (std::find(valid.begin(), valid.end(), key) != valid.end()) continue;
      std::vector<std::string> choices = valid;
      choices.insert(choices.end(), reserved.begin(), reserved.end());
      std::sort(choices.begin(), choices.end());
      std::string hint = suggest(key, choices);
      throw RecipeError(
          doc_.locate(entry.first, path + "." + key), path + "." + key,
          "unknown option for " + std::string(to_string(info.kind)) +
              " plugin " + info.name + (hint.empty() ? "" : "; " + hint) +
              " (valid options: " + join(choices) + ")");
    }
  }

  BackboneSpec backbone(Fields& fields, const Recipe& recipe) {
    std::string path = fields.child("backbone");
    YAML::Node node = fields.require("backbone", "a backbone plugin");
    BackboneSpec spec;
    YAML::Node from = node.IsMap() ? node["from"] : YAML::Node();
    const StageSpec* source = nullptr;

    if (from && !from.IsNull()) {
      std::string where = from.IsScalar() ? from.Scalar() : "";
      if (where.empty())
        throw RecipeError(doc_.locate(from, path + ".from"), path + ".from",
                          "expected an earlier stage name or a weights "
                          "file, got " +
                              quoted(from));
      for (const auto& earlier : recipe.stages)
        if (earlier.name == where) source = &earlier;
      if (source) {
        spec.from_stage = where;
      } else {
        fs::path file = fs::path(doc_.file()).parent_path() / where;
        if (!fs::exists(file)) file = where;
        if (!fs::is_regular_file(file)) {
          std::vector<std::string> names;
          for (const auto& earlier : recipe.stages)
            names.push_back(earlier.name);
          std::string hint = suggest(where, names);
          throw RecipeError(doc_.locate(from, path + ".from"), path + ".from",
                            "no earlier stage and no file named \"" + where +
                                "\"" + (hint.empty() ? "" : "; " + hint) +
                                " (earlier stages: " + join(names) + ")");
        }
        spec.from_file = file;
      }
    }

    if (source && (!node["plugin"] || node["plugin"].IsNull())) {
      // Same architecture as the source stage unless said otherwise.
      YAML::Node options = node.IsMap() ? node : YAML::Node();
      for (const auto& entry : options) {
        std::string key = entry.first.Scalar();
        if (std::find(kBackboneKeys.begin(), kBackboneKeys.end(), key) ==
            kBackboneKeys.end())
          throw RecipeError(
              doc_.locate(entry.first, path + "." + key), path + "." + key,
              "a backbone taken from stage \"" + source->name +
                  "\" keeps its options; remove this key, or name its "
                  "plugin again to change options (allowed here: " +
                  join(kBackboneKeys) + ")");
      }
      static_cast<ComponentSpec&>(spec) = source->backbone;
      spec.key_path = path;
    } else {
      static_cast<ComponentSpec&>(spec) =
          component_at(node, path, PluginKind::backbone, kBackboneKeys);
      if (source && spec.plugin != source->backbone.plugin)
        throw RecipeError(
            doc_.locate(node["plugin"], path + ".plugin"), path + ".plugin",
            "stage \"" + source->name + "\" trained a " +
                source->backbone.plugin + ", not a " + spec.plugin);
      if (source) {
        // Options not given again are the source stage's, not defaults:
        // the weights were trained with them.
        YAML::Node merged = source->backbone.options.to_yaml();
        for (const auto& entry : node) {
          std::string key = entry.first.Scalar();
          if (key != "plugin" &&
              std::find(kBackboneKeys.begin(), kBackboneKeys.end(), key) ==
                  kBackboneKeys.end())
            merged[key] = entry.second;
        }
        spec.options = Options::validate(
            registry_.find(spec.plugin)->info->options, merged, path,
            [&](const YAML::Node&, const std::string& p) {
              return doc_.locate(node, p);
            });
      }
    }

    if (node.IsMap()) {
      Fields extra(doc_, node, path);
      spec.freeze = extra.boolean("freeze", false);
      spec.lr_scale = extra.number("lr_scale", 1.0, 0.0);
      spec.cache_features = extra.boolean("cache_features", true);
      spec.precise_bn = extra.boolean("precise_bn", false);
    }
    return spec;
  }

  const RecipeDocument& doc_;
  const PluginRegistry& registry_;
};

// Splits "stages.pretext.epochs" or "stages[0].epochs" into segments.
std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> segments;
  std::string current;
  for (char c : path) {
    if (c == '.' || c == '[' || c == ']') {
      if (!current.empty()) segments.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) segments.push_back(current);
  return segments;
}

bool is_index(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit((unsigned char)c);
  });
}

}  // namespace

std::string suggest(const std::string& name,
                    const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, name.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    size_t distance = edit_distance(name, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best.empty() ? "" : "did you mean \"" + best + "\"?";
}

RecipeDocument RecipeDocument::load(const fs::path& file,
                                    const std::vector<std::string>& overrides) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw InputError("cannot read recipe " + file.string() +
                     ": no such file or not readable");
  std::stringstream text;
  text << in.rdbuf();
  return parse(text.str(), file.string(), overrides);
}

RecipeDocument RecipeDocument::parse(
    const std::string& text, const std::string& file,
    const std::vector<std::string>& overrides) {
  RecipeDocument doc;
  doc.file_ = file;
  try {
    doc.root_ = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw RecipeError({file, e.mark.line + 1, e.mark.column + 1}, "",
                      "invalid YAML: " + e.msg);
  }
  for (const auto& assignment : overrides) doc.apply_override(assignment);
  return doc;
}

void RecipeDocument::apply_override(const std::string& assignment) {
  std::string flag = "--set " + assignment;
  auto equals = assignment.find('=');
  if (equals == std::string::npos || equals == 0)
    throw InputError(flag +
                     ": expected PATH=VALUE, for example "
                     "stages.pretext.epochs=3");
  std::string path = assignment.substr(0, equals);
  YAML::Node value;
  try {
    value = YAML::Load(assignment.substr(equals + 1));
  } catch (const YAML::Exception& e) {
    throw InputError(flag + ": invalid YAML value: " + e.msg);
  }

  if (!root_.IsMap()) root_ = YAML::Node(YAML::NodeType::Map);
  std::vector<std::string> segments = split_path(path);
  YAML::Node node = root_;
  std::string canonical;
  for (size_t i = 0; i < segments.size(); ++i) {
    const std::string& segment = segments[i];
    bool last = i + 1 == segments.size();
    if (node.IsSequence()) {
      size_t index = node.size();
      if (is_index(segment)) {
        index = std::stoul(segment);
      } else {
        for (size_t j = 0; j < node.size(); ++j)
          if (node[j].IsMap() && node[j]["name"] &&
              node[j]["name"].Scalar() == segment)
            index = j;
      }
      if (index >= node.size())
        throw InputError(flag + ": " +
                         (canonical.empty() ? "root" : canonical) +
                         " has no entry \"" + segment + "\"");
      canonical += "[" + std::to_string(index) + "]";
      if (last) {
        node[index] = value;
      } else {
        node.reset(node[index]);
      }
      continue;
    }
    if (node.IsScalar())
      throw InputError(flag + ": " + canonical + " is a value, not a mapping");
    canonical += (canonical.empty() ? "" : ".") + segment;
    if (last) {
      node[segment] = value;
    } else {
      if (!node[segment] || node[segment].IsNull())
        node[segment] = YAML::Node(YAML::NodeType::Map);
      YAML::Node next = node[segment];
      node.reset(next);
    }
  }
  overridden_[canonical] = flag;
}

SourceLocation RecipeDocument::locate(const YAML::Node& node,
                                      const std::string& key_path) const {
  for (const auto& [path, flag] : overridden_) {
    bool inside =
        key_path == path ||
        (key_path.rfind(path, 0) == 0 &&
         (key_path[path.size()] == '.' || key_path[path.size()] == '['));
    if (inside) return SourceLocation{flag, 0, 0};
  }
  if (!node || node.Mark().is_null()) return SourceLocation{file_, 0, 0};
  return SourceLocation{file_, node.Mark().line + 1, node.Mark().column + 1};
}

std::vector<fs::path> RecipeDocument::plugin_dirs() const {
  std::vector<fs::path> dirs;
  if (!root_.IsMap()) return dirs;
  YAML::Node list = root_["plugin_dirs"];
  if (!list || list.IsNull()) return dirs;
  if (!list.IsSequence())
    throw RecipeError(locate(list, "plugin_dirs"), "plugin_dirs",
                      "expected a list of folders, got " + quoted(list));
  for (size_t i = 0; i < list.size(); ++i) {
    std::string path = "plugin_dirs[" + std::to_string(i) + "]";
    if (!list[i].IsScalar())
      throw RecipeError(locate(list[i], path), path,
                        "expected a folder, got " + quoted(list[i]));
    fs::path dir = list[i].Scalar();
    if (dir.is_relative()) dir = fs::path(file_).parent_path() / dir;
    if (!fs::is_directory(dir))
      throw RecipeError(locate(list[i], path), path,
                        "plugin folder " + dir.string() + " does not exist");
    dirs.push_back(dir);
  }
  return dirs;
}

Recipe RecipeDocument::validate(const PluginRegistry& registry) const {
  return Validator(*this, registry).run();
}

YAML::Node Recipe::resolved() const {
  auto component = [](const ComponentSpec& spec) {
    YAML::Node node(YAML::NodeType::Map);
    node["plugin"] = spec.plugin;
    for (const auto& entry : spec.options.to_yaml())
      node[entry.first.Scalar()] = entry.second;
    return node;
  };
  YAML::Node root(YAML::NodeType::Map);
  root["name"] = name;
  root["seed"] = seed;
  root["device"] = device;
  root["output"] = output.string();
  root["threads"] = threads;
  root["channels_last"] = channels_last;
  root["precision"] = precision;
  if (!plugin_dirs.empty()) {
    for (const auto& dir : plugin_dirs)
      root["plugin_dirs"].push_back(dir.string());
  }
  for (const auto& stage : stages) {
    YAML::Node node(YAML::NodeType::Map);
    node["name"] = stage.name;
    node["train"] = component(stage.train);
    if (stage.val) node["val"] = component(*stage.val);
    for (const auto& a : stage.augment) node["augment"].push_back(component(a));
    node["task"] = component(stage.task);
    YAML::Node backbone = component(stage.backbone);
    if (!stage.backbone.from_stage.empty())
      backbone["from"] = stage.backbone.from_stage;
    if (!stage.backbone.from_file.empty())
      backbone["from"] = stage.backbone.from_file.string();
    backbone["freeze"] = stage.backbone.freeze;
    backbone["lr_scale"] = number_text(stage.backbone.lr_scale);
    backbone["cache_features"] = stage.backbone.cache_features;
    backbone["precise_bn"] = stage.backbone.precise_bn;
    node["backbone"] = backbone;
    node["head"] = component(stage.head);
    node["optimizer"] = component(stage.optimizer);
    if (stage.scheduler) node["scheduler"] = component(*stage.scheduler);
    for (const auto& c : stage.callbacks)
      node["callbacks"].push_back(component(c));
    node["epochs"] = stage.epochs;
    node["batch_size"] = stage.batch_size;
    node["eval_batch_size"] = stage.eval_batch_size;
    node["workers"] = stage.workers;
    node["steps_per_epoch"] = stage.steps_per_epoch;
    root["stages"].push_back(node);
  }
  return root;
}

}  // namespace pretext
