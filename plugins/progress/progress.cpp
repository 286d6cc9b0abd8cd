// Shows how far a stage has come: an updating bar on a terminal, or a
// plain log line every few seconds when stderr goes to a file.

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include <spdlog/fmt/fmt.h>

#include "pretext/callback.h"

namespace {

using Clock = std::chrono::steady_clock;

// A terminal can only take so many redraws; ten a second looks smooth.
constexpr double kRedrawSeconds = 0.1;

double seconds_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

// "45s", "1m12s", "2h05m".
std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  auto whole = static_cast<int64_t>(std::lround(seconds));
  if (whole < 60) return fmt::format("{}s", whole);
  if (whole < 3600) return fmt::format("{}m{:02}s", whole / 60, whole % 60);
  return fmt::format("{}h{:02}m", whole / 3600, whole % 3600 / 60);
}

int terminal_columns() {
  winsize size{};
  if (::ioctl(::fileno(stderr), TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;
  return 80;
}

// What both displays report after a step.
struct Snapshot {
  int64_t epoch;
  int64_t epochs;
  int64_t step;
  int64_t steps;
  double images_per_second;
  double loss;
  double eta_seconds;
};

class Progress : public pretext::Callback {
 public:
  Progress(const pretext::Options& options, const pretext::Context& context)
      : every_(options.number("every")), log_(context.log) {
    std::string force = options.string("force");
    // Per-step debug lines would break the bar, so they win over it.
    bool terminal =
        ::isatty(::fileno(stderr)) && log_->level() > spdlog::level::debug;
    bar_ = force == "bar" || (force == "auto" && terminal);
  }

  void stage_begin(pretext::StageState&) override {
    last_output_ = Clock::now();
    loss_sum_ = 0;
    losses_ = 0;
    bar_open_ = false;
  }

  void batch_end(pretext::StageState& state) override {
    if (state.step == 1) {
      loss_sum_ = 0;
      losses_ = 0;
    }
    loss_sum_ += state.batch_loss;
    ++losses_;

    auto now = Clock::now();
    double waited = seconds_between(last_output_, now);
    bool last_step = state.step >= state.steps_per_epoch;
    if (bar_) {
      if (waited < kRedrawSeconds && state.step != 1 && !last_step) return;
      draw_bar(state.stage, snapshot(state));
    } else {
      if (waited < every_) return;
      write_line(state.stage, snapshot(state));
    }
    last_output_ = now;
  }

  void epoch_end(pretext::StageState&) override { finish_bar(); }

  void stage_end(pretext::StageState&) override { finish_bar(); }

 private:
  Snapshot snapshot(const pretext::StageState& state) const {
    Snapshot s;
    s.epoch = state.epoch + 1;
    s.epochs = state.epochs;
    s.step = state.step;
    s.steps = state.steps_per_epoch;
    double seconds = state.epoch_seconds;
    s.images_per_second = seconds > 0 ? state.images_seen / seconds : 0;
    s.loss = losses_ ? loss_sum_ / losses_ : NAN;
    s.eta_seconds =
        state.step > 0 ? seconds / state.step * (s.steps - s.step) : NAN;
    return s;
  }

  void write_line(const std::string& stage, const Snapshot& s) const {
    log_->info(
        "{} epoch {}/{}: step {}/{}, {:.0f} images/s, loss {:.4f}, ETA {}",
        stage, s.epoch, s.epochs, s.step, s.steps, s.images_per_second, s.loss,
        format_duration(s.eta_seconds));
  }

  // One line redrawn in place: "\r" returns to its start and "\033[K"
  // clears what a longer earlier version left behind.
  void draw_bar(const std::string& stage, const Snapshot& s) {
    std::string head = fmt::format("{} epoch {}/{} ", stage, s.epoch, s.epochs);
    std::string tail = fmt::format(" {}/{} {:.0f} images/s loss {:.4f} ETA {}",
                                   s.step, s.steps, s.images_per_second, s.loss,
                                   format_duration(s.eta_seconds));

    // A line wider than the terminal wraps, and "\r" could not undo that.
    int columns = terminal_columns() - 1;
    int room = columns - static_cast<int>(head.size() + tail.size()) - 2;
    std::string line = head;
    if (room >= 5) line += bar(s, std::min(room, 30));
    line += tail;
    if (static_cast<int>(line.size()) > columns) line.resize(columns);

    std::fprintf(stderr, "\r%s\033[K", line.c_str());
    std::fflush(stderr);
    bar_open_ = true;
  }

  static std::string bar(const Snapshot& s, int width) {
    double done = s.steps > 0 ? static_cast<double>(s.step) / s.steps : 0;
    int filled = static_cast<int>(std::clamp(done, 0.0, 1.0) * width);
    return "[" + std::string(filled, '=') + std::string(width - filled, ' ') +
           "]";
  }

  void finish_bar() {
    if (!bar_open_) return;
    std::fputc('\n', stderr);
    std::fflush(stderr);
    bar_open_ = false;
  }

  double every_;
  std::shared_ptr<spdlog::logger> log_;
  bool bar_ = false;

  Clock::time_point last_output_;
  double loss_sum_ = 0;
  int64_t losses_ = 0;
  bool bar_open_ = false;
};

pretext::PluginInfo describe() {
  pretext::PluginInfo info;
  info.name = "progress";
  info.kind = pretext::PluginKind::callback;
  info.version = "1.0.0";
  info.summary = "progress bar on a terminal, periodic log lines otherwise";
  info.options = {
      pretext::option::number("every", 10.0,
                              "seconds between plain progress lines")
          .at_least(0),
      pretext::option::choice("force", "auto", {"auto", "bar", "lines"},
                              "display: auto picks the bar on a terminal"),
  };
  info.create = pretext::factory_of<Progress>();
  return info;
}

}  // namespace

PRETEXT_PLUGIN(describe)
