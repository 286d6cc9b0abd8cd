// Draws a stage's learning curves and a grid of validation predictions as
// PNG pictures in <run>/plots, with cairo.

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>

#include <spdlog/fmt/fmt.h>
#include <torch/torch.h>

#include "pretext/callback.h"
#include "pretext/image.h"

namespace {

namespace fs = std::filesystem;

struct Colour {
  double r, g, b;
};

constexpr Colour kInk{0.15, 0.15, 0.15};
constexpr Colour kFaint{0.45, 0.45, 0.45};
constexpr Colour kGridLine{0.90, 0.90, 0.90};
constexpr Colour kTrain{0.12, 0.47, 0.71};
constexpr Colour kVal{0.89, 0.47, 0.05};
// Further validation series a task adds (val_rotation_accuracy, ...).
constexpr Colour kExtra[] = {
    {0.58, 0.40, 0.74}, {0.55, 0.34, 0.29}, {0.09, 0.75, 0.81}};
constexpr Colour kRight{0.10, 0.55, 0.15};
constexpr Colour kWrong{0.82, 0.12, 0.12};

constexpr const char* kFont = "DejaVu Sans";

struct Rect {
  double x, y, width, height;
  double right() const { return x + width; }
  double bottom() const { return y + height; }
};

enum class Align { left, centre, right };

// ---------------------------------------------------------------- canvas

using SurfacePtr =
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;
using CairoPtr = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;

// A white picture to draw on, saved as PNG through a temporary file.
class Canvas {
 public:
  Canvas(int width, int height)
      : surface_(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height),
                 &cairo_surface_destroy),
        cr_(cairo_create(surface_.get()), &cairo_destroy) {
    cairo_set_source_rgb(cr(), 1, 1, 1);
    cairo_paint(cr());
  }

  cairo_t* cr() const { return cr_.get(); }

  /// Returns what went wrong, or an empty string.
  std::string save(const fs::path& path) const {
    if (cairo_status(cr()) != CAIRO_STATUS_SUCCESS)
      return cairo_status_to_string(cairo_status(cr()));
    cairo_surface_flush(surface_.get());
    fs::path temporary = path;
    temporary += ".tmp";
    cairo_status_t status =
        cairo_surface_write_to_png(surface_.get(), temporary.c_str());
    if (status != CAIRO_STATUS_SUCCESS) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      return cairo_status_to_string(status);
    }
    std::error_code failed;
    fs::rename(temporary, path, failed);
    return failed ? failed.message() : "";
  }

 private:
  SurfacePtr surface_;
  CairoPtr cr_;
};

void set_colour(cairo_t* cr, Colour colour) {
  cairo_set_source_rgb(cr, colour.r, colour.g, colour.b);
}

void set_font(cairo_t* cr, double size, bool bold = false) {
  cairo_select_font_face(
      cr, kFont, CAIRO_FONT_SLANT_NORMAL,
      bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}

// Length of the UTF-8 character at `at`, or 0 when it is not valid.
size_t utf8_length(const std::string& text, size_t at) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(at);
  if (lead < 0x80) return 1;
  size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (length == 0 || lead > 0xF4 || at + length > text.size()) return 0;
  uint32_t code = lead & (0x7F >> length);
  for (size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(at + i) & 0x3F);
  }
  const uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
  bool surrogate = code >= 0xD800 && code <= 0xDFFF;
  if (code < smallest[length] || code > 0x10FFFF || surrogate) return 0;
  return length;
}

// cairo stops drawing altogether after text that is not UTF-8, and class
// names come from folder names in any encoding: show bad bytes as '?'.
std::string printable(const std::string& text) {
  std::string out;
  for (size_t at = 0; at < text.size();) {
    size_t length = utf8_length(text, at);
    out += length ? text.substr(at, length) : "?";
    at += length ? length : 1;
  }
  return out;
}

double text_width(cairo_t* cr, const std::string& text) {
  cairo_text_extents_t extents;
  cairo_text_extents(cr, printable(text).c_str(), &extents);
  return extents.x_advance;
}

// `y` is the baseline.
void draw_text(cairo_t* cr, const std::string& text, double x, double y,
               Align align = Align::left) {
  double width = text_width(cr, text);
  if (align == Align::centre) x -= width / 2;
  if (align == Align::right) x -= width;
  cairo_move_to(cr, x, y);
  cairo_show_text(cr, printable(text).c_str());
}

// --------------------------------------------------------------- curves

struct Range {
  double low, high;
};

struct Series {
  std::string name;
  Colour colour;
  bool dashed;
  std::vector<std::pair<double, double>> points;  // (epoch, value)
};

struct Panel {
  std::string title;
  std::vector<Series> series;
  std::optional<Range> fixed_y;  // accuracy always spans [0, 1]
};

// Maps values to pixels inside `area`.
struct Axes {
  Rect area;
  Range x, y;
  double px(double v) const {
    return area.x + (v - x.low) / (x.high - x.low) * area.width;
  }
  double py(double v) const {
    return area.bottom() - (v - y.low) / (y.high - y.low) * area.height;
  }
};

Series series_of(const std::vector<pretext::Metrics>& history,
                 const std::string& key, const std::string& name, Colour colour,
                 bool dashed) {
  Series series{name, colour, dashed, {}};
  for (size_t i = 0; i < history.size(); ++i) {
    auto value = pretext::find_metric(history[i], key);
    if (!value || !std::isfinite(*value)) continue;
    auto epoch = pretext::find_metric(history[i], "epoch");
    series.points.emplace_back(epoch ? *epoch : static_cast<double>(i + 1),
                               *value);
  }
  return series;
}

Panel panel_of(const std::vector<pretext::Metrics>& history,
               const std::string& title, const std::string& metric,
               std::optional<Range> fixed_y) {
  Panel panel{title, {}, fixed_y};
  Series train = series_of(history, "train_" + metric, "train", kTrain, false);
  Series val = series_of(history, "val_" + metric, "validation", kVal, true);
  for (Series* series : {&train, &val})
    if (!series->points.empty()) panel.series.push_back(std::move(*series));
  // Parts of the metric a task reports too, as val_<part>_<metric>.
  if (history.empty()) return panel;
  size_t extra = 0;
  std::string suffix = "_" + metric;
  for (const auto& [key, value] : history.back()) {
    bool part =
        key.size() > 4 + suffix.size() && key.rfind("val_", 0) == 0 &&
        key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0;
    if (!part || extra == std::size(kExtra)) continue;
    std::string name = key.substr(4, key.size() - 4 - suffix.size());
    std::replace(name.begin(), name.end(), '_', ' ');
    Series series =
        series_of(history, key, "validation, " + name, kExtra[extra++], true);
    if (!series.points.empty()) panel.series.push_back(std::move(series));
  }
  return panel;
}

// 1, 2 or 5 times a power of ten, giving about `count` steps over `span`.
double nice_step(double span, int count) {
  double rough = span / count;
  double power = std::pow(10.0, std::floor(std::log10(rough)));
  double fraction = rough / power;
  double nice = fraction < 1.5   ? 1
                : fraction < 3.5 ? 2
                : fraction < 7.5 ? 5
                                 : 10;
  return nice * power;
}

std::vector<double> ticks_in(Range range, double step) {
  std::vector<double> ticks;
  double first = std::ceil(range.low / step - 1e-9) * step;
  for (double v = first; v <= range.high + step * 1e-9; v += step)
    ticks.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
  return ticks;
}

std::string tick_label(double value, double step) {
  int decimals = std::max(0, static_cast<int>(std::ceil(-std::log10(step))));
  return fmt::format("{:.{}f}", value, decimals);
}

// Epochs run from 1, with a little room so that end points clear the
// axes; one epoch gets its point in the middle.
Range epoch_range(const Panel& panel) {
  double last = 1;
  for (const auto& series : panel.series)
    for (const auto& point : series.points) last = std::max(last, point.first);
  if (last <= 1) return {0.5, 1.5};
  double room = (last - 1) * 0.03;
  return {1 - room, last + room};
}

// The data's range, widened to whole tick steps.
Range value_range(const Panel& panel, double& step) {
  if (panel.fixed_y) {
    step = nice_step(panel.fixed_y->high - panel.fixed_y->low, 5);
    return *panel.fixed_y;
  }
  double low = INFINITY, high = -INFINITY;
  for (const auto& series : panel.series)
    for (const auto& point : series.points) {
      low = std::min(low, point.second);
      high = std::max(high, point.second);
    }
  if (high - low < 1e-12) {
    double margin = std::max(std::abs(low) * 0.1, 0.05);
    low -= margin;
    high += margin;
  }
  step = nice_step(high - low, 5);
  return {std::floor(low / step) * step, std::ceil(high / step) * step};
}

void draw_axes(cairo_t* cr, const Axes& axes, double y_step) {
  const Rect& area = axes.area;
  cairo_set_line_width(cr, 1);
  set_font(cr, 12);

  for (double v : ticks_in(axes.y, y_step)) {
    double y = std::round(axes.py(v)) + 0.5;
    set_colour(cr, kGridLine);
    cairo_move_to(cr, area.x, y);
    cairo_line_to(cr, area.right(), y);
    cairo_stroke(cr);
    set_colour(cr, kInk);
    draw_text(cr, tick_label(v, y_step), area.x - 8, y + 4, Align::right);
  }

  double x_step = std::max(1.0, nice_step(axes.x.high - axes.x.low, 6));
  for (double v : ticks_in(axes.x, x_step)) {
    double x = std::round(axes.px(v)) + 0.5;
    set_colour(cr, kInk);
    cairo_move_to(cr, x, area.bottom());
    cairo_line_to(cr, x, area.bottom() + 5);
    cairo_stroke(cr);
    draw_text(cr, tick_label(v, 1), x, area.bottom() + 19, Align::centre);
  }

  set_colour(cr, kInk);
  cairo_move_to(cr, area.x + 0.5, area.y);
  cairo_line_to(cr, area.x + 0.5, area.bottom() + 0.5);
  cairo_line_to(cr, area.right(), area.bottom() + 0.5);
  cairo_stroke(cr);
  set_colour(cr, kFaint);
  draw_text(cr, "epoch", area.x + area.width / 2, area.bottom() + 38,
            Align::centre);
}

void draw_series(cairo_t* cr, const Axes& axes, const Series& series) {
  set_colour(cr, series.colour);
  cairo_set_line_width(cr, 2);
  if (series.dashed) {
    const double dashes[] = {6, 4};
    cairo_set_dash(cr, dashes, 2, 0);
  }
  for (size_t i = 0; i < series.points.size(); ++i) {
    double x = axes.px(series.points[i].first);
    double y = axes.py(series.points[i].second);
    if (i == 0)
      cairo_move_to(cr, x, y);
    else
      cairo_line_to(cr, x, y);
  }
  cairo_stroke(cr);
  cairo_set_dash(cr, nullptr, 0, 0);

  // Markers show single epochs; past 40 they would only clutter the line.
  if (series.points.size() > 40) return;
  for (const auto& [epoch, value] : series.points) {
    cairo_arc(cr, axes.px(epoch), axes.py(value), 3.5, 0, 2 * M_PI);
    cairo_fill(cr);
  }
}

// Legend entries in rows no wider than `max_width`, each right-aligned so
// that it ends at the plot's right edge.
struct Legend {
  static constexpr double kSample = 24, kGap = 6, kSpacing = 16, kRow = 17;
  std::vector<std::vector<const Series*>> rows;

  Legend(cairo_t* cr, const std::vector<Series>& series, double max_width) {
    set_font(cr, 12);
    double used = 0;
    for (const auto& s : series) {
      double width = entry_width(cr, s);
      if (rows.empty() || used + width > max_width) {
        rows.emplace_back();
        used = 0;
      }
      rows.back().push_back(&s);
      used += width;
    }
  }

  static double entry_width(cairo_t* cr, const Series& s) {
    return kSample + kGap + text_width(cr, s.name) + kSpacing;
  }

  double extra_height() const {
    return rows.size() > 1 ? kRow * static_cast<double>(rows.size() - 1) : 0;
  }

  void draw(cairo_t* cr, double right, double baseline) const {
    set_font(cr, 12);
    for (const auto& row : rows) {
      double width = 0;
      for (const Series* s : row) width += entry_width(cr, *s);
      double x = right - width + kSpacing;
      for (const Series* s : row) {
        set_colour(cr, s->colour);
        cairo_set_line_width(cr, 2);
        if (s->dashed) {
          const double dashes[] = {6, 4};
          cairo_set_dash(cr, dashes, 2, 0);
        }
        cairo_move_to(cr, x, baseline - 4);
        cairo_line_to(cr, x + kSample, baseline - 4);
        cairo_stroke(cr);
        cairo_set_dash(cr, nullptr, 0, 0);
        set_colour(cr, kInk);
        draw_text(cr, s->name, x + kSample + kGap, baseline);
        x += entry_width(cr, *s);
      }
      baseline += kRow;
    }
  }
};

void draw_panel(cairo_t* cr, const Rect& bounds, const Panel& panel) {
  Rect area{bounds.x + 70, bounds.y + 36, bounds.width - 96,
            bounds.height - 36 - 52};
  set_colour(cr, kInk);
  set_font(cr, 14, /*bold=*/true);
  draw_text(cr, panel.title, area.x, bounds.y + 20);
  double title_width = text_width(cr, panel.title) + 20;
  Legend legend(cr, panel.series, area.width - title_width);
  legend.draw(cr, area.right(), bounds.y + 20);
  area.y += legend.extra_height();
  area.height -= legend.extra_height();

  if (panel.series.empty()) {
    set_colour(cr, kFaint);
    set_font(cr, 13);
    draw_text(cr, "not measured", area.x + area.width / 2,
              area.y + area.height / 2, Align::centre);
    return;
  }

  double y_step = 1;
  Axes axes{area, epoch_range(panel), value_range(panel, y_step)};
  draw_axes(cr, axes, y_step);
  for (const auto& series : panel.series) draw_series(cr, axes, series);
}

// ---------------------------------------------------------- predictions

struct Cell {
  pretext::Image image;
  std::string predicted;
  std::string truth;
  bool right() const { return predicted == truth; }
};

// cairo keeps RGB24 pixels as native 32-bit words 0x00RRGGBB.
SurfacePtr surface_of(const pretext::Image& image) {
  SurfacePtr surface(
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, image.width, image.height),
      &cairo_surface_destroy);
  cairo_surface_flush(surface.get());
  unsigned char* data = cairo_image_surface_get_data(surface.get());
  int stride = cairo_image_surface_get_stride(surface.get());
  for (int y = 0; y < image.height; ++y) {
    auto* row = reinterpret_cast<uint32_t*>(data + y * stride);
    for (int x = 0; x < image.width; ++x) {
      const uint8_t* p = image.at(y, x);
      row[x] = (uint32_t{p[0]} << 16) | (uint32_t{p[1]} << 8) | p[2];
    }
  }
  cairo_surface_mark_dirty(surface.get());
  return surface;
}

// Removes one UTF-8 character, with all its bytes.
void drop_last_character(std::string& text) {
  while (!text.empty() && (text.back() & 0xC0) == 0x80) text.pop_back();
  if (!text.empty()) text.pop_back();
}

// Shrinks the font from `largest` to `smallest` until `text` fits `width`,
// then cuts its end.
std::string fit_text(cairo_t* cr, std::string text, double width,
                     double largest, double smallest, bool bold = false) {
  for (double size = largest; size >= smallest; --size) {
    set_font(cr, size, bold);
    if (text_width(cr, text) <= width) return text;
  }
  while (!text.empty() && text_width(cr, text + "...") > width)
    drop_last_character(text);
  return text + "...";
}

void draw_title(cairo_t* cr, const std::string& title, double width,
                double baseline) {
  constexpr double kMargin = 16;
  set_colour(cr, kInk);
  std::string fitted = fit_text(cr, title, width - 2 * kMargin, 17, 12, true);
  draw_text(cr, fitted, width / 2, baseline, Align::centre);
}

// The image, framed in green or red, and its label below it: on one line
// when it fits, else on two.
void draw_grid_cell(cairo_t* cr, const Rect& cell, const Cell& content,
                    double shown) {
  Colour verdict = content.right() ? kRight : kWrong;
  double left = cell.x + (cell.width - shown) / 2;

  set_colour(cr, verdict);
  cairo_rectangle(cr, left - 3, cell.y - 3, shown + 6, shown + 6);
  cairo_fill(cr);

  SurfacePtr picture = surface_of(content.image);
  cairo_save(cr);
  cairo_translate(cr, left, cell.y);
  cairo_scale(cr, shown / content.image.width, shown / content.image.height);
  cairo_set_source_surface(cr, picture.get(), 0, 0);
  bool enlarging = shown >= content.image.width;
  cairo_pattern_set_filter(cairo_get_source(cr), enlarging
                                                     ? CAIRO_FILTER_NEAREST
                                                     : CAIRO_FILTER_GOOD);
  cairo_paint(cr);
  cairo_restore(cr);

  set_colour(cr, verdict);
  // Labels of neighbouring cells need a gap between them.
  double room = cell.width - 16;
  double centre = cell.x + cell.width / 2;
  double baseline = cell.y + shown + 20;
  std::string both = "pred: " + content.predicted + " / true: " + content.truth;
  set_font(cr, 12);
  if (text_width(cr, both) <= room) {
    draw_text(cr, both, centre, baseline, Align::centre);
    return;
  }
  draw_text(cr, fit_text(cr, "pred: " + content.predicted, room, 12, 12),
            centre, baseline, Align::centre);
  draw_text(cr, fit_text(cr, "true: " + content.truth, room, 12, 12), centre,
            baseline + 15, Align::centre);
}

// Small images are enlarged by a whole factor to about 128 pixels, so
// their pixels stay square; large ones are shrunk to 128.
double shown_size(const pretext::Image& image) {
  constexpr double kTarget = 128;
  double side = std::max(image.width, image.height);
  if (side >= kTarget) return kTarget;
  return side * std::floor(kTarget / side);
}

// ----------------------------------------------------------------- plugin

class Plots : public pretext::Callback {
 public:
  Plots(const pretext::Options& options, const pretext::Context& context)
      : every_epoch_(options.boolean("every_epoch")),
        grid_images_(options.integer("grid_images")),
        log_(context.log) {}

  void epoch_end(pretext::StageState& state) override {
    if (every_epoch_)
      draw_all(state, fmt::format("after epoch {}", state.epoch + 1));
  }

  void stage_end(pretext::StageState& state) override {
    // Another callback may have put back earlier weights by now.
    auto written = draw_all(state, "at the end of the stage");
    for (const auto& path : written)
      log_->info("plots: wrote {}", path.string());
  }

 private:
  std::vector<fs::path> draw_all(const pretext::StageState& state,
                                 const std::string& when) {
    fs::path folder = state.run_dir / "plots";
    std::error_code failed;
    fs::create_directories(folder, failed);
    if (failed) {
      log_->warn("plots: cannot make {}: {}", folder.string(),
                 failed.message());
      return {};
    }

    std::vector<fs::path> written;
    fs::path curves = folder / (state.stage + "_curves.png");
    if (!state.history.empty() && save(draw_curves(state), curves))
      written.push_back(curves);
    fs::path grid = folder / (state.stage + "_predictions.png");
    auto cells = predictions(state);
    if (!cells.empty() && save(draw_predictions(state, cells, when), grid))
      written.push_back(grid);
    return written;
  }

  // A plot that cannot be written must not cost the run its weights,
  // which are saved after the callbacks: warn and go on.
  bool save(const Canvas& canvas, const fs::path& path) const {
    std::string problem = canvas.save(path);
    if (problem.empty()) return true;
    log_->warn("plots: cannot write {}: {}", path.string(), problem);
    return false;
  }

  static Canvas draw_curves(const pretext::StageState& state) {
    constexpr int kWidth = 1000, kHeight = 420, kTitle = 44;
    Canvas canvas(kWidth, kHeight);
    cairo_t* cr = canvas.cr();

    draw_title(cr, state.stage + ": training curves", kWidth, 29);

    double half = kWidth / 2.0;
    Rect left{0, kTitle, half, kHeight - kTitle};
    Rect right{half, kTitle, half, kHeight - kTitle};
    draw_panel(cr, left, panel_of(state.history, "loss", "loss", {}));
    draw_panel(cr, right,
               panel_of(state.history, "accuracy", "accuracy", Range{0, 1}));
    return canvas;
  }

  // Validation images spread over the set, with what the model says of
  // them; empty when the stage does not classify the dataset's labels.
  std::vector<Cell> predictions(const pretext::StageState& state) const {
    const pretext::Dataset* data = state.val_data;
    if (!data || !state.predict || data->size() == 0) return {};
    auto classes = data->class_names();
    if (classes.empty() || state.output_names != classes) {
      log_->debug(
          "plots: stage {} does not predict its validation labels; no "
          "prediction grid",
          state.stage);
      return {};
    }

    int64_t n = std::min<int64_t>(grid_images_, data->size());
    std::vector<Cell> cells;
    std::vector<int64_t> labels;
    for (int64_t i = 0; i < n; ++i) {
      pretext::Sample sample = data->get(i * data->size() / n);
      cells.push_back({std::move(sample.image), "", ""});
      labels.push_back(sample.label);
    }

    torch::Tensor logits = state.predict(batch_of(cells));
    if (logits.dim() != 2 || logits.size(0) != n ||
        logits.size(1) != static_cast<int64_t>(classes.size())) {
      log_->warn("plots: predictions came back as {}, expected {} x {}",
                 c10::str(logits.sizes()), n, classes.size());
      return {};
    }
    auto best = logits.argmax(1).to(torch::kInt64).contiguous();
    const int64_t* predicted = best.data_ptr<int64_t>();
    for (int64_t i = 0; i < n; ++i) {
      cells[i].predicted = classes[predicted[i]];
      cells[i].truth = labels[i] >= 0 && labels[i] < int64_t(classes.size())
                           ? classes[labels[i]]
                           : "?";
    }
    return cells;
  }

  // The model takes one size: images unlike the first are resized to it.
  static torch::Tensor batch_of(std::vector<Cell>& cells) {
    int height = cells[0].image.height, width = cells[0].image.width;
    auto batch = torch::empty(
        {static_cast<int64_t>(cells.size()), height, width, 3}, torch::kUInt8);
    for (size_t i = 0; i < cells.size(); ++i) {
      pretext::Image& image = cells[i].image;
      if (image.height != height || image.width != width)
        image = pretext::resize(image, height, width);
      std::memcpy(batch[i].data_ptr<uint8_t>(), image.pixels.data(),
                  image.pixels.size());
    }
    return batch;
  }

  static Canvas draw_predictions(const pretext::StageState& state,
                                 const std::vector<Cell>& cells,
                                 const std::string& when) {
    constexpr double kMargin = 20, kTitle = 50, kLabel = 50, kMinCell = 200;
    // Wide enough for the title even when there are only one or two cells.
    constexpr double kMinWidth = 480;
    int n = static_cast<int>(cells.size());
    int columns = static_cast<int>(std::ceil(std::sqrt(n)));
    int rows = (n + columns - 1) / columns;
    double shown = shown_size(cells[0].image);
    double cell_width = std::max(shown + 16, kMinCell);
    double cell_height = shown + kLabel;

    double grid_width = columns * cell_width;
    int width = static_cast<int>(std::max(2 * kMargin + grid_width, kMinWidth));
    double left = (width - grid_width) / 2;
    int height = static_cast<int>(kTitle + rows * cell_height + kMargin);
    Canvas canvas(width, height);
    cairo_t* cr = canvas.cr();

    int correct = static_cast<int>(
        std::count_if(cells.begin(), cells.end(),
                      [](const Cell& cell) { return cell.right(); }));
    draw_title(cr,
               fmt::format("{}: validation predictions {} ({}/{} right)",
                           state.stage, when, correct, n),
               width, 32);

    for (int i = 0; i < n; ++i) {
      Rect cell{left + (i % columns) * cell_width,
                kTitle + (i / columns) * cell_height, cell_width, cell_height};
      draw_grid_cell(cr, cell, cells[i], shown);
    }
    return canvas;
  }

  bool every_epoch_;
  int64_t grid_images_;
  std::shared_ptr<spdlog::logger> log_;
};

pretext::PluginInfo describe() {
  pretext::PluginInfo info;
  info.name = "plots";
  info.kind = pretext::PluginKind::callback;
  info.version = "1.0.0";
  info.summary = "PNG learning curves and validation predictions";
  info.options = {
      pretext::option::boolean("every_epoch", false,
                               "redraw after every epoch, not only at the end"),
      pretext::option::integer("grid_images", 16,
                               "validation images in the predictions grid")
          .at_least(1)
          .at_most(100),
  };
  info.create = pretext::factory_of<Plots>();
  return info;
}

}  // namespace

PRETEXT_PLUGIN(describe)
