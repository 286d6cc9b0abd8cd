// The one logger of a run. The host makes it and hands it to plugins.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include <spdlog/logger.h>

namespace pretext {

/// A logger writing to stderr at `level` ("debug", "info", ...).
std::shared_ptr<spdlog::logger> make_logger(const std::string& level);

/// Also writes everything the logger says to `file`.
void log_to_file(spdlog::logger& log, const std::filesystem::path& file);

}  // namespace pretext
