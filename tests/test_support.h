// Helpers shared by the tests.
#pragma once

#include <filesystem>
#include <string>

#include "pretext/plugin_registry.h"

namespace pretext::testing {

/// A registry with every plugin this repository builds.
const PluginRegistry& builtin_plugins();

/// A fresh empty folder under the system's temporary folder.
std::filesystem::path temporary_dir(const std::string& name);

/// Writes `text` to `path`, making folders as needed.
void write_text(const std::filesystem::path& path, const std::string& text);

std::string read_text(const std::filesystem::path& path);

/// Writes a flat-coloured JPEG; `channels` 1 makes a grayscale one.
void write_jpeg(const std::filesystem::path& path, int width, int height,
                int channels, uint8_t value);

struct CommandResult {
  int status = -1;
  std::string out;
  std::string err;
};

/// Runs a shell command, capturing its output and exit status.
CommandResult run_command(const std::string& command);

/// Runs the runner built with this tree, arguments as written in a shell.
CommandResult run_runner(const std::string& arguments);

}  // namespace pretext::testing
