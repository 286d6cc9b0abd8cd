// The checkpoint, progress and plots callbacks, driven through hand-made
// stage states as the trainer would drive them.
#include <gtest/gtest.h>
#include <png.h>
#include <spdlog/sinks/ostream_sink.h>
#include <torch/torch.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "pretext/backbone.h"
#include "pretext/callback.h"
#include "pretext/log.h"
#include "test_support.h"

namespace pretext {
namespace {

namespace fs = std::filesystem;

// A logger whose lines the test can read.
struct CapturedLog {
  std::ostringstream lines;
  std::shared_ptr<spdlog::logger> log = std::make_shared<spdlog::logger>(
      "test", std::make_shared<spdlog::sinks::ostream_sink_st>(lines));
  CapturedLog() { log->set_level(spdlog::level::debug); }
};

std::shared_ptr<Callback> make_callback(
    const std::string& name, const std::string& yaml,
    std::shared_ptr<spdlog::logger> log = make_logger("warn")) {
  const auto& registry = testing::builtin_plugins();
  auto options = Options::validate(
      registry.find(name)->info->options, YAML::Load(yaml), "callbacks[0]",
      [](const YAML::Node&, const std::string&) { return SourceLocation{}; });
  Context context;
  context.log = std::move(log);
  context.stage = "probe";
  return registry.create_as<Callback>(name, options, context);
}

// A stage of a tiny model writing into a fresh folder.
struct FakeStage {
  torch::nn::Linear model{3, 2};
  StageState state;

  explicit FakeStage(const std::string& folder) {
    state.stage = "probe";
    state.epochs = 3;
    state.steps_per_epoch = 4;
    state.model = model.ptr().get();
    state.run_dir = testing::temporary_dir(folder);
    state.checkpoint_dir = state.run_dir / "checkpoints" / "probe";
  }

  fs::path checkpoint(const std::string& file) const {
    return state.checkpoint_dir / file;
  }

  // Gives the model recognisable weights, as if epoch `epoch` trained it.
  void train(int64_t epoch) {
    torch::NoGradGuard no_grad;
    model->weight.fill_(static_cast<double>(epoch + 1));
  }

  // Ends epoch `epoch` (from 0) with `metrics`, as the trainer does.
  void end_epoch(Callback& callback, int64_t epoch, Metrics metrics) {
    metrics["epoch"] = static_cast<double>(epoch + 1);
    state.epoch = epoch;
    state.metrics = metrics;
    state.history.push_back(metrics);
    callback.epoch_end(state);
  }
};

void expect_same_weights(const StateDict& actual, const StateDict& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (const auto& [name, tensor] : expected) {
    ASSERT_EQ(actual.count(name), 1u) << name;
    EXPECT_TRUE(actual.at(name).equal(tensor)) << name;
  }
}

int count_of(const std::string& text, const std::string& part) {
  int count = 0;
  for (size_t at = text.find(part); at != std::string::npos;
       at = text.find(part, at + 1))
    ++count;
  return count;
}

// ------------------------------------------------------------ checkpoint

TEST(Checkpoint, WritesLastEveryEpochAndBestOnlyWhenValLossImproves) {
  FakeStage stage("checkpoint_best");
  auto checkpoint = make_callback("checkpoint", "{}");
  const double losses[] = {1.0, 0.5, 0.8};
  StateDict at_best;

  for (int64_t epoch = 0; epoch < 3; ++epoch) {
    stage.train(epoch);
    stage.end_epoch(*checkpoint, epoch, {{"val_loss", losses[epoch]}});
    expect_same_weights(read_state_dict(stage.checkpoint("last.pt")),
                        state_dict(*stage.model));
    if (epoch == 1) at_best = state_dict(*stage.model);
  }

  expect_same_weights(read_state_dict(stage.checkpoint("best.pt")), at_best);
  auto best =
      nlohmann::json::parse(testing::read_text(stage.checkpoint("best.json")));
  EXPECT_EQ(best["epoch"], 2);
  EXPECT_EQ(best["metrics"]["val_loss"], 0.5);
}

TEST(Checkpoint, MaxModeKeepsTheEpochWithTheHighestMetric) {
  FakeStage stage("checkpoint_max");
  auto checkpoint =
      make_callback("checkpoint", "{monitor: val_accuracy, mode: max}");
  const double accuracies[] = {0.2, 0.6, 0.4};

  for (int64_t epoch = 0; epoch < 3; ++epoch) {
    stage.train(epoch);
    stage.end_epoch(*checkpoint, epoch, {{"val_accuracy", accuracies[epoch]}});
  }

  auto best =
      nlohmann::json::parse(testing::read_text(stage.checkpoint("best.json")));
  EXPECT_EQ(best["epoch"], 2);
  EXPECT_EQ(read_state_dict(stage.checkpoint("best.pt"))["weight"]
                .max()
                .item<float>(),
            2.0f);
}

TEST(Checkpoint, AMissingMetricWarnsOnceAndStillSavesTheLastEpoch) {
  FakeStage stage("checkpoint_missing");
  CapturedLog captured;
  auto checkpoint = make_callback("checkpoint", "{}", captured.log);

  stage.end_epoch(*checkpoint, 0, {{"train_loss", 1.0}});
  stage.end_epoch(*checkpoint, 1, {{"train_loss", 0.9}});

  EXPECT_TRUE(fs::exists(stage.checkpoint("last.pt")));
  EXPECT_FALSE(fs::exists(stage.checkpoint("best.pt")));
  EXPECT_EQ(count_of(captured.lines.str(), "no metric \"val_loss\""), 1)
      << captured.lines.str();
}

TEST(Checkpoint, SaveLastFalseKeepsOnlyTheBest) {
  FakeStage stage("checkpoint_no_last");
  auto checkpoint = make_callback("checkpoint", "{save_last: false}");

  stage.end_epoch(*checkpoint, 0, {{"val_loss", 1.0}});

  EXPECT_FALSE(fs::exists(stage.checkpoint("last.pt")));
  EXPECT_TRUE(fs::exists(stage.checkpoint("best.pt")));
}

// -------------------------------------------------------------- progress

// Reports step `step` of epoch 1 after `seconds`, 16 images a step.
void end_step(Callback& progress, StageState& state, int64_t step,
              double seconds, double loss) {
  state.step = step;
  state.images_seen = 16 * step;
  state.epoch_seconds = seconds;
  state.batch_loss = loss;
  progress.batch_end(state);
}

TEST(Progress, LinesModeLogsStepSpeedRunningLossAndEta) {
  FakeStage stage("progress_lines");
  CapturedLog captured;
  auto progress =
      make_callback("progress", "{force: lines, every: 0}", captured.log);

  progress->stage_begin(stage.state);
  end_step(*progress, stage.state, 1, 0.5, 1.0);
  end_step(*progress, stage.state, 2, 1.0, 2.0);

  EXPECT_NE(captured.lines.str().find("probe epoch 1/3: step 2/4, 32 images/s, "
                                      "loss 1.5000, ETA 1s"),
            std::string::npos)
      << captured.lines.str();
}

TEST(Progress, LinesModeWaitsEverySecondsBetweenLines) {
  FakeStage stage("progress_quiet");
  CapturedLog captured;
  auto progress =
      make_callback("progress", "{force: lines, every: 3600}", captured.log);

  progress->stage_begin(stage.state);
  for (int64_t step = 1; step <= 4; ++step)
    end_step(*progress, stage.state, step, 0.1 * step, 1.0);

  EXPECT_EQ(captured.lines.str(), "");
}

TEST(Progress, BarModeRedrawsOneLineAndEndsItAtEpochEnd) {
  FakeStage stage("progress_bar");
  auto progress = make_callback("progress", "{force: bar}");

  ::testing::internal::CaptureStderr();
  progress->stage_begin(stage.state);
  for (int64_t step = 1; step <= 4; ++step)
    end_step(*progress, stage.state, step, 0.1 * step, 1.0);
  progress->epoch_end(stage.state);
  std::string drawn = ::testing::internal::GetCapturedStderr();

  EXPECT_EQ(drawn.rfind("\rprobe epoch 1/3 [", 0), 0u) << drawn;
  EXPECT_NE(drawn.find("] 4/4 "), std::string::npos) << drawn;
  EXPECT_EQ(count_of(drawn, "\n"), 1) << drawn;
  EXPECT_EQ(drawn.back(), '\n');
}

// ----------------------------------------------------------------- plots

struct Picture {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> rgb;

  // Pixels close to `r`, `g`, `b`.
  int count_near(int r, int g, int b) const {
    int count = 0;
    for (size_t i = 0; i + 2 < rgb.size(); i += 3)
      if (std::abs(rgb[i] - r) < 30 && std::abs(rgb[i + 1] - g) < 30 &&
          std::abs(rgb[i + 2] - b) < 30)
        ++count;
    return count;
  }
};

bool has_png_signature(const fs::path& path) {
  const unsigned char expected[8] = {0x89, 'P',  'N',  'G',
                                     '\r', '\n', 0x1a, '\n'};
  unsigned char found[8] = {};
  std::ifstream(path, std::ios::binary).read(reinterpret_cast<char*>(found), 8);
  return std::equal(found, found + 8, expected);
}

// Decodes a whole PNG with libpng, which also checks every chunk's CRC.
Picture read_png(const fs::path& path) {
  EXPECT_TRUE(has_png_signature(path)) << path;
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  Picture picture;
  if (!png_image_begin_read_from_file(&image, path.c_str())) {
    ADD_FAILURE() << path << ": " << image.message;
    return picture;
  }
  image.format = PNG_FORMAT_RGB;
  picture.rgb.resize(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, picture.rgb.data(), 0, nullptr)) {
    ADD_FAILURE() << path << ": " << image.message;
    return picture;
  }
  picture.width = static_cast<int>(image.width);
  picture.height = static_cast<int>(image.height);
  return picture;
}

// Eight grey 16 x 16 pictures of four kinds of pet, in turn.
class Pets : public Dataset {
 public:
  int64_t size() const override { return 8; }

  Sample get(int64_t index) const override {
    Sample sample;
    sample.label = index % 4;
    sample.image.height = sample.image.width = 16;
    sample.image.pixels.assign(16 * 16 * 3,
                               static_cast<uint8_t>(60 + 20 * index));
    return sample;
  }

  std::vector<std::string> class_names() const override {
    return {"cat", "dog", "bird", "fish"};
  }
};

// Three epochs of falling loss and rising accuracy.
void add_history(StageState& state, bool with_validation) {
  for (int epoch = 1; epoch <= 3; ++epoch) {
    Metrics metrics{{"epoch", epoch},
                    {"train_loss", 1.5 / epoch},
                    {"train_accuracy", 0.3 * epoch}};
    if (with_validation) {
      metrics["val_loss"] = 1.7 / epoch;
      metrics["val_accuracy"] = 0.25 * epoch;
    }
    state.history.push_back(metrics);
  }
  state.epoch = 2;
  state.metrics = state.history.back();
}

const Pets kPets;

// Every pet looks like a cat to this model.
void predict_cats(StageState& state, std::vector<int64_t>& seen_shape) {
  state.val_data = &kPets;
  state.output_names = kPets.class_names();
  state.predict = [&seen_shape](const torch::Tensor& images) {
    seen_shape = images.sizes().vec();
    auto logits = torch::zeros({images.size(0), 4});
    logits.select(1, 0).fill_(1.0);
    return logits;
  };
}

TEST(Plots, DrawsLearningCurvesAsAPngAtStageEnd) {
  FakeStage stage("plots_curves");
  add_history(stage.state, /*with_validation=*/true);
  auto plots = make_callback("plots", "{}");

  plots->stage_end(stage.state);

  Picture curves = read_png(stage.state.run_dir / "plots/probe_curves.png");
  EXPECT_GT(curves.width, 0);
  EXPECT_GT(curves.height, 0);
  EXPECT_FALSE(fs::exists(stage.state.run_dir / "plots/probe_predictions.png"));
}

TEST(Plots, DrawsOneEpochWithoutValidation) {
  FakeStage stage("plots_one_epoch");
  stage.state.history = {
      {{"epoch", 1}, {"train_loss", 0.7}, {"train_accuracy", 0.5}}};
  auto plots = make_callback("plots", "{}");

  plots->stage_end(stage.state);

  EXPECT_GT(read_png(stage.state.run_dir / "plots/probe_curves.png").width, 0);
}

TEST(Plots, EveryEpochRedrawsBeforeTheStageEnds) {
  FakeStage stage("plots_every_epoch");
  auto plots = make_callback("plots", "{every_epoch: true}");

  stage.end_epoch(*plots, 0, {{"train_loss", 0.7}});

  EXPECT_TRUE(fs::exists(stage.state.run_dir / "plots/probe_curves.png"));
}

TEST(Plots, PredictionGridMarksRightInGreenAndWrongInRed) {
  FakeStage stage("plots_grid");
  add_history(stage.state, /*with_validation=*/true);
  std::vector<int64_t> seen_shape;
  predict_cats(stage.state, seen_shape);
  auto plots = make_callback("plots", "{grid_images: 6}");

  plots->stage_end(stage.state);

  EXPECT_EQ(seen_shape, (std::vector<int64_t>{6, 16, 16, 3}));
  Picture grid = read_png(stage.state.run_dir / "plots/probe_predictions.png");
  EXPECT_GT(grid.width, 0);
  EXPECT_GT(grid.height, 0);
  EXPECT_GT(grid.count_near(25, 140, 38), 100) << "no green frame";
  EXPECT_GT(grid.count_near(209, 31, 31), 100) << "no red frame";
}

TEST(Plots, SkipsThePredictionGridWhenTheStagePredictsRotations) {
  FakeStage stage("plots_rotation");
  add_history(stage.state, /*with_validation=*/true);
  std::vector<int64_t> seen_shape;
  predict_cats(stage.state, seen_shape);
  stage.state.output_names = {"0", "90", "180", "270"};
  CapturedLog captured;
  auto plots = make_callback("plots", "{}", captured.log);

  plots->stage_end(stage.state);

  EXPECT_TRUE(seen_shape.empty());
  EXPECT_TRUE(fs::exists(stage.state.run_dir / "plots/probe_curves.png"));
  EXPECT_FALSE(fs::exists(stage.state.run_dir / "plots/probe_predictions.png"));
  EXPECT_NE(captured.lines.str().find("no prediction grid"), std::string::npos)
      << captured.lines.str();
}

}  // namespace
}  // namespace pretext
