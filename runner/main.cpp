// runner: reads a recipe, loads the plugins it names and trains.
//
//   runner RECIPE [--set PATH=VALUE]... [--output DIR] [--dry-run]
//   runner plugins [NAME]
//
// Exit status: 0 success, 2 usage/recipe/input error, 1 failure in a run.

#include <chrono>
#include <ctime>
#include <iomanip>
#include <iostream>
#include <sstream>

#include <torch/version.h>
#include <CLI/CLI.hpp>

#include "pretext/error.h"
#include "pretext/log.h"
#include "pretext/plugin_registry.h"
#include "pretext/recipe.h"
#include "pretext/run.h"

namespace fs = std::filesystem;

namespace {

constexpr int kUsageError = 2;
constexpr int kRunFailure = 1;

struct Arguments {
  std::string recipe;
  std::vector<std::string> overrides;
  std::string output;
  bool dry_run = false;
  std::string log_level = "info";
  std::vector<std::string> plugin_dirs;
  std::string plugin_name;
  bool list_plugins = false;
};

void print_plugin_list(const pretext::PluginRegistry& registry) {
  std::cout << std::left << std::setw(20) << "NAME" << std::setw(14) << "KIND"
            << std::setw(10) << "VERSION"
            << "FILE\n";
  for (const auto* plugin : registry.plugins())
    std::cout << std::setw(20) << plugin->info->name << std::setw(14)
              << pretext::to_string(plugin->info->kind) << std::setw(10)
              << plugin->info->version << plugin->file.string() << "\n";
}

std::string default_text(const pretext::OptionSpec& spec) {
  if (spec.required) return "(required)";
  if (!spec.default_value || spec.default_value.IsNull()) return "(none)";
  YAML::Emitter out;
  out << YAML::Flow << spec.default_value;
  return out.c_str();
}

void print_plugin(const pretext::PluginRegistry& registry,
                  const std::string& name) {
  const pretext::LoadedPlugin* plugin = registry.find(name);
  if (!plugin) {
    std::vector<std::string> names;
    for (const auto* p : registry.plugins()) names.push_back(p->info->name);
    std::string hint = pretext::suggest(name, names);
    throw pretext::InputError("no plugin named \"" + name + "\"" +
                              (hint.empty() ? "" : "; " + hint) +
                              " (run `runner plugins` for the list)");
  }
  const pretext::PluginInfo& info = *plugin->info;
  std::cout << info.name << " " << info.version << " ("
            << pretext::to_string(info.kind) << ")\n"
            << "  " << info.summary << "\n"
            << "  file: " << plugin->file.string() << "\n";
  if (info.options.empty()) {
    std::cout << "  no options\n";
    return;
  }
  std::cout << "options:\n";
  for (const auto& option : info.options) {
    std::cout << "  " << option.name << " (" << option.expectation()
              << ", default " << default_text(option) << ")\n"
              << "      " << option.description << "\n";
  }
}

// runs/<recipe name>-<UTC time>, made unique if two runs start at once.
fs::path new_run_dir(const fs::path& parent, const std::string& name) {
  std::time_t now = std::time(nullptr);
  std::ostringstream stamp;
  stamp << std::put_time(std::gmtime(&now), "%Y%m%d-%H%M%S");
  fs::path dir = parent / (name + "-" + stamp.str());
  for (int i = 2; fs::exists(dir); ++i)
    dir = parent / (name + "-" + stamp.str() + "-" + std::to_string(i));
  return dir;
}

int run(const Arguments& args) {
  auto log = pretext::make_logger(args.log_level);
  pretext::PluginRegistry registry(log);

  if (args.list_plugins) {
    std::vector<fs::path> dirs(args.plugin_dirs.begin(),
                               args.plugin_dirs.end());
    registry.load_directories(dirs, /*must_exist=*/true);
    registry.load_directories(pretext::default_plugin_dirs(), false);
    if (args.plugin_name.empty())
      print_plugin_list(registry);
    else
      print_plugin(registry, args.plugin_name);
    return 0;
  }

  auto document = pretext::RecipeDocument::load(args.recipe, args.overrides);
  std::vector<fs::path> flag_dirs(args.plugin_dirs.begin(),
                                  args.plugin_dirs.end());
  registry.load_directories(flag_dirs, /*must_exist=*/true);
  registry.load_directories(document.plugin_dirs(), /*must_exist=*/true);
  registry.load_directories(pretext::default_plugin_dirs(), false);
  for (const auto* plugin : registry.plugins())
    log->debug("plugin {} ({} {}) from {}", plugin->info->name,
               pretext::to_string(plugin->info->kind), plugin->info->version,
               plugin->file.string());
  pretext::Recipe recipe = document.validate(registry);

  if (args.dry_run) {
    YAML::Emitter out;
    out << recipe.resolved();
    std::cout << out.c_str() << "\n";
    return 0;
  }

  fs::path run_dir = args.output.empty()
                         ? new_run_dir(recipe.output, recipe.name)
                         : fs::path(args.output);
  fs::create_directories(run_dir);
  pretext::log_to_file(*log, run_dir / "log.txt");
  log->info("recipe {} ({}), run folder {}", recipe.name, args.recipe,
            run_dir.string());
  for (const auto* plugin : registry.plugins())
    log->info("plugin {} {} ({}) from {}", plugin->info->name,
              plugin->info->version, pretext::to_string(plugin->info->kind),
              plugin->file.string());
  pretext::run_recipe(recipe, registry, run_dir, log);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"pretext runner: trains what a YAML recipe describes"};
  app.set_version_flag("--version", std::string("runner (pretext) ") +
                                        pretext::framework_version() +
                                        ", LibTorch " + TORCH_VERSION +
                                        ", plugin ABI " +
                                        std::to_string(pretext::kAbiVersion));
  Arguments args;
  app.add_option("recipe", args.recipe, "recipe file (YAML)");
  app.add_option("--set", args.overrides,
                 "override a recipe value, e.g. stages.pretext.epochs=3")
      ->type_name("PATH=VALUE");
  app.add_option("--output", args.output,
                 "run folder (default: under the "
                 "recipe's output folder)");
  app.add_flag("--dry-run", args.dry_run,
               "load plugins, validate, print the resolved recipe, exit");
  app.add_option("--log-level", args.log_level,
                 "trace, debug, info, warn, error")
      ->check(CLI::IsMember(
          {"trace", "debug", "info", "warn", "error", "critical", "off"}));
  app.add_option("--plugin-dir", args.plugin_dirs,
                 "extra plugin folder, searched first");

  CLI::App* plugins = app.add_subcommand(
      "plugins", "list the plugins found, or show one plugin's options");
  plugins->add_option("name", args.plugin_name, "plugin to describe");
  app.require_subcommand(0, 1);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::cerr << "runner: error: " << e.what() << "\n"
              << "Run `runner --help` for usage.\n";
    return kUsageError;
  }
  args.list_plugins = plugins->parsed();
  if (!args.list_plugins && args.recipe.empty()) {
    std::cerr << "runner: error: no recipe given; usage: runner RECIPE "
                 "[--set PATH=VALUE]... (see runner --help)\n";
    return kUsageError;
  }

  try {
    return run(args);
  } catch (const pretext::InputError& e) {
    std::cerr << "runner: error: " << e.what() << "\n";
    return kUsageError;
  } catch (const YAML::Exception& e) {
    std::cerr << "runner: error: " << args.recipe << ": " << e.what() << "\n";
    return kUsageError;
  } catch (const c10::Error& e) {
    std::cerr << "runner: error: " << e.what_without_backtrace() << "\n";
    return kRunFailure;
  } catch (const std::exception& e) {
    std::cerr << "runner: error: " << e.what() << "\n";
    return kRunFailure;
  }
}
