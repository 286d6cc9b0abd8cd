// Running a validated recipe: stages in order, results in a run folder.
#pragma once

#include <filesystem>
#include <memory>

#include <spdlog/logger.h>

#include "pretext/plugin_registry.h"
#include "pretext/recipe.h"

namespace pretext {

/// Runs every stage of `recipe`, writing recipe.yaml, metrics.csv,
/// summary.json and checkpoints/ into `run_dir`.
void run_recipe(const Recipe& recipe, const PluginRegistry& registry,
                const std::filesystem::path& run_dir,
                std::shared_ptr<spdlog::logger> log);

}  // namespace pretext
