// Tests for the scheduler plugins: step, multistep, reduce_on_plateau and
// cosine.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <sstream>

#include "pretext/recipe.h"
#include "pretext/scheduler.h"
#include "test_support.h"

namespace pretext {
namespace {

// A logger with nowhere to write, so tests print nothing.
Context quiet() {
  Context context;
  context.log = std::make_shared<spdlog::logger>("quiet");
  return context;
}

std::shared_ptr<Scheduler> make(const std::string& name,
                                const std::string& yaml,
                                Context context = quiet()) {
  const auto& registry = testing::builtin_plugins();
  auto options = Options::validate(
      registry.find(name)->info->options, YAML::Load(yaml), "scheduler",
      [](const YAML::Node&, const std::string&) { return SourceLocation{}; });
  return registry.create_as<Scheduler>(name, options, context);
}

Clock at_epoch(int64_t epoch, int64_t step = 0) {
  return Clock{epoch, step, /*steps_per_epoch=*/4, /*epochs=*/100};
}

// A logger whose lines, as "level: message", land in `lines`.
Context logging_to(std::ostringstream& lines) {
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(lines);
  sink->set_pattern("%l: %v");
  Context context;
  context.log = std::make_shared<spdlog::logger>("test", sink);
  context.log->set_level(spdlog::level::info);
  return context;
}

int count_of(const std::string& text, const std::string& part) {
  int count = 0;
  for (auto at = text.find(part); at != std::string::npos;
       at = text.find(part, at + 1))
    ++count;
  return count;
}

// Feeds one epoch's value of `metric` and returns the factor that follows.
double after_epoch(Scheduler& scheduler, double value,
                   const std::string& metric = "val_loss") {
  scheduler.epoch_end({{metric, value}});
  return scheduler.factor(at_epoch(0));
}

TEST(Step, MultipliesByGammaEveryStepSizeEpochs) {
  auto step = make("step", "{step_size: 10, gamma: 0.5}");
  EXPECT_DOUBLE_EQ(step->factor(at_epoch(0)), 1.0);
  EXPECT_DOUBLE_EQ(step->factor(at_epoch(9, 3)), 1.0);
  EXPECT_DOUBLE_EQ(step->factor(at_epoch(10)), 0.5);
  EXPECT_DOUBLE_EQ(step->factor(at_epoch(19)), 0.5);
  EXPECT_DOUBLE_EQ(step->factor(at_epoch(25)), 0.25);
}

TEST(Step, DefaultsToATenthEveryTenEpochs) {
  auto step = make("step", "{}");
  EXPECT_DOUBLE_EQ(step->factor(at_epoch(9)), 1.0);
  EXPECT_NEAR(step->factor(at_epoch(20)), 0.01, 1e-15);
}

TEST(Multistep, MultipliesByGammaAtEachMilestoneReached) {
  auto multistep = make("multistep", "{milestones: [2, 5], gamma: 0.1}");
  EXPECT_DOUBLE_EQ(multistep->factor(at_epoch(0)), 1.0);
  EXPECT_DOUBLE_EQ(multistep->factor(at_epoch(1, 3)), 1.0);
  EXPECT_DOUBLE_EQ(multistep->factor(at_epoch(2)), 0.1);
  EXPECT_DOUBLE_EQ(multistep->factor(at_epoch(4)), 0.1);
  EXPECT_NEAR(multistep->factor(at_epoch(5)), 0.01, 1e-15);
  EXPECT_NEAR(multistep->factor(at_epoch(99)), 0.01, 1e-15);
}

// A small valid recipe whose scheduler line a test fills in.
std::string recipe_with_scheduler(const std::string& scheduler) {
  return R"(name: demo
stages:
  - name: pretext
    train: {plugin: synthetic, size: 16}
    task: rotation
    backbone: mobilenet_v2
    head: linear
    optimizer: sgd
    scheduler: )" +
         scheduler + "\n";
}

std::string error_of(const std::string& recipe) {
  try {
    RecipeDocument::parse(recipe, "recipes/x.yaml")
        .validate(testing::builtin_plugins());
  } catch (const RecipeError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Multistep, MilestonesOutOfOrderAreRejectedAtTheirKeyPath) {
  EXPECT_EQ(error_of(recipe_with_scheduler(
                "{plugin: multistep, milestones: [30, 20]}")),
            "recipes/x.yaml:9:48: stages[0].scheduler.milestones: "
            "milestones must increase, but \"20\" follows 30");
}

TEST(Multistep, AMilestoneThatIsNotAPositiveIntegerIsQuoted) {
  EXPECT_EQ(error_of(recipe_with_scheduler(
                "{plugin: multistep, milestones: [10, 2.5]}")),
            "recipes/x.yaml:9:48: stages[0].scheduler.milestones: "
            "milestone \"2.5\" is not a positive integer");
  EXPECT_EQ(
      error_of(recipe_with_scheduler("{plugin: multistep, milestones: [0]}")),
      "recipes/x.yaml:9:48: stages[0].scheduler.milestones: "
      "milestone \"0\" is not a positive integer");
}

TEST(Multistep, MilestonesMustBeAList) {
  EXPECT_EQ(
      error_of(recipe_with_scheduler("{plugin: multistep, milestones: 30}")),
      "recipes/x.yaml:9:48: stages[0].scheduler.milestones: expected "
      "a non-empty list of epochs in increasing order, such as [30, "
      "60], got \"30\"");
}

TEST(Multistep, MilestonesMustBeGiven) {
  EXPECT_EQ(error_of(recipe_with_scheduler("{plugin: multistep}")),
            "recipes/x.yaml:9:16: stages[0].scheduler: missing required "
            "option \"milestones\" (epochs (from 0, increasing) at which "
            "the rate is multiplied by gamma)");
}

TEST(ReduceOnPlateau, CutsTheRateWhenPatienceRunsOut) {
  auto plateau = make("reduce_on_plateau", "{patience: 2, factor: 0.5}");
  EXPECT_DOUBLE_EQ(after_epoch(*plateau, 1.0), 1.0);
  EXPECT_DOUBLE_EQ(after_epoch(*plateau, 1.0), 1.0) << "1 bad epoch";
  EXPECT_DOUBLE_EQ(after_epoch(*plateau, 1.2), 1.0) << "2 bad epochs";
  EXPECT_DOUBLE_EQ(after_epoch(*plateau, 1.0), 0.5) << "3 bad epochs";
  EXPECT_DOUBLE_EQ(after_epoch(*plateau, 1.0), 0.5) << "counting anew";
  EXPECT_DOUBLE_EQ(after_epoch(*plateau, 1.0), 0.5);
  EXPECT_DOUBLE_EQ(after_epoch(*plateau, 1.0), 0.25);
}

TEST(ReduceOnPlateau, KeepsTheRateWhileTheMetricImproves) {
  auto plateau = make("reduce_on_plateau", "{patience: 0}");
  for (double loss = 2.0; loss > 1.0; loss -= 0.1)
    EXPECT_DOUBLE_EQ(after_epoch(*plateau, loss), 1.0) << loss;
}

TEST(ReduceOnPlateau, ImprovementsBelowTheRelativeThresholdDoNotCount) {
  auto plateau = make("reduce_on_plateau", "{patience: 0, threshold: 0.1}");
  after_epoch(*plateau, 10.0);
  EXPECT_DOUBLE_EQ(after_epoch(*plateau, 8.9), 1.0) << "beats 10 by 11%";
  EXPECT_NEAR(after_epoch(*plateau, 8.1), 0.1, 1e-15) << "beats 8.9 by 9%";
}

TEST(ReduceOnPlateau, WaitsOutTheCooldownAfterACut) {
  auto plateau = make("reduce_on_plateau", "{patience: 0, cooldown: 2}");
  after_epoch(*plateau, 1.0);
  EXPECT_NEAR(after_epoch(*plateau, 1.0), 0.1, 1e-15);
  EXPECT_NEAR(after_epoch(*plateau, 1.0), 0.1, 1e-15) << "cooling down";
  EXPECT_NEAR(after_epoch(*plateau, 1.0), 0.1, 1e-15) << "cooling down";
  EXPECT_NEAR(after_epoch(*plateau, 1.0), 0.01, 1e-15);
}

TEST(ReduceOnPlateau, NeverGoesBelowMinFactor) {
  std::ostringstream lines;
  auto plateau = make("reduce_on_plateau", "{patience: 0, min_factor: 0.05}",
                      logging_to(lines));
  after_epoch(*plateau, 1.0);
  EXPECT_NEAR(after_epoch(*plateau, 1.0), 0.1, 1e-15);
  EXPECT_DOUBLE_EQ(after_epoch(*plateau, 1.0), 0.05);
  EXPECT_DOUBLE_EQ(after_epoch(*plateau, 1.0), 0.05);
  EXPECT_EQ(count_of(lines.str(), "info: reduce_on_plateau"), 2)
      << "no line for a cut that changes nothing:\n"
      << lines.str();
}

TEST(ReduceOnPlateau, InMaxModeHigherIsBetter) {
  auto plateau = make("reduce_on_plateau",
                      "{monitor: val_accuracy, mode: max, patience: 1}");
  EXPECT_DOUBLE_EQ(after_epoch(*plateau, 0.5, "val_accuracy"), 1.0);
  EXPECT_DOUBLE_EQ(after_epoch(*plateau, 0.6, "val_accuracy"), 1.0);
  EXPECT_DOUBLE_EQ(after_epoch(*plateau, 0.4, "val_accuracy"), 1.0);
  EXPECT_DOUBLE_EQ(after_epoch(*plateau, 0.55, "val_accuracy"), 0.1);
}

TEST(ReduceOnPlateau, LogsEachCutAtInfoLevel) {
  std::ostringstream lines;
  auto plateau = make("reduce_on_plateau", "{patience: 0, factor: 0.5}",
                      logging_to(lines));
  after_epoch(*plateau, 0.75);
  after_epoch(*plateau, 0.8);
  EXPECT_EQ(lines.str(),
            "info: reduce_on_plateau: val_loss has not improved for 1 epoch "
            "(best 0.75); rate factor 1 -> 0.5\n");
}

TEST(ReduceOnPlateau, WarnsOnceAndWaitsWhenTheMetricIsMissing) {
  std::ostringstream lines;
  auto plateau = make("reduce_on_plateau", "{patience: 0}", logging_to(lines));
  for (int epoch = 0; epoch < 3; ++epoch)
    EXPECT_DOUBLE_EQ(after_epoch(*plateau, 1.0, "train_loss"), 1.0);
  EXPECT_EQ(count_of(lines.str(),
                     "warning: reduce_on_plateau: no metric "
                     "\"val_loss\""),
            1)
      << lines.str();
}

TEST(Cosine, WarmUpRisesLinearlyStepByStep) {
  auto cosine = make("cosine", "{warmup_epochs: 2}");
  Clock clock{0, 0, /*steps_per_epoch=*/4, /*epochs=*/10};
  double previous = cosine->factor(clock);
  double rise = 0;
  for (int64_t step = 1; step < 8; ++step) {
    clock.epoch = step / 4;
    clock.step = step % 4;
    double now = cosine->factor(clock);
    if (step == 1) rise = now - previous;
    EXPECT_NEAR(now - previous, rise, 1e-12) << "step " << step;
    previous = now;
  }
  EXPECT_NEAR(rise, 1.0 / 8, 1e-12) << "eight steps of warm-up";
  EXPECT_NEAR(cosine->factor(Clock{2, 0, 4, 10}), 1.0, 1e-12);
}

TEST(Cosine, DecaysSteadilyToMinFactorAtTheEnd) {
  auto cosine = make("cosine", "{warmup_epochs: 1, min_factor: 0.1}");
  double previous = cosine->factor(Clock{1, 0, 4, 10});
  EXPECT_DOUBLE_EQ(previous, 1.0) << "warm-up ends at the full rate";
  for (int64_t epoch = 2; epoch < 10; ++epoch) {
    double now = cosine->factor(Clock{epoch, 0, 4, 10});
    EXPECT_LT(now, previous) << "epoch " << epoch;
    EXPECT_GT(now, 0.1) << "epoch " << epoch;
    previous = now;
  }
  EXPECT_DOUBLE_EQ(cosine->factor(Clock{10, 0, 4, 10}), 0.1);
}

}  // namespace
}  // namespace pretext
