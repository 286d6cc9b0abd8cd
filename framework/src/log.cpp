#include "pretext/log.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include "pretext/error.h"

namespace pretext {

std::shared_ptr<spdlog::logger> make_logger(const std::string& level) {
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  auto log = std::make_shared<spdlog::logger>("pretext", sink);
  log->set_pattern("%H:%M:%S %^%-5l%$ %v");
  auto parsed = spdlog::level::from_str(level);
  if (parsed == spdlog::level::off && level != "off")
    throw InputError("unknown log level \"" + level +
                     "\"; choose one of: trace, debug, info, warn, error, "
                     "critical, off");
  log->set_level(parsed);
  return log;
}

void log_to_file(spdlog::logger& log, const std::filesystem::path& file) {
  auto sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(
      file.string(), /*truncate=*/true);
  sink->set_pattern("%Y-%m-%d %H:%M:%S.%e %-5l %v");
  sink->set_level(spdlog::level::debug);
  log.sinks().push_back(sink);
  if (log.level() > spdlog::level::debug) {
    // The file gets DEBUG lines too; the terminal keeps its own level.
    auto terminal_level = log.level();
    log.sinks().front()->set_level(terminal_level);
    log.set_level(spdlog::level::debug);
  }
  log.flush_on(spdlog::level::info);
}

}  // namespace pretext
