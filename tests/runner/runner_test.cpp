// The runner as a user meets it: exit codes, messages and the run folder.
#include <cmath>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "pretext/backbone.h"
#include "test_support.h"

namespace pretext {
namespace {

namespace fs = std::filesystem;
using testing::run_runner;

const std::string kSmoke =
    std::string(PRETEXT_SOURCE_DIR) + "/recipes/tests/smoke.yaml";

TEST(Runner, HelpAndVersionExitZero) {
  auto help = run_runner("--help");
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("--dry-run"), std::string::npos);
  auto version = run_runner("--version");
  EXPECT_EQ(version.status, 0);
  EXPECT_NE(version.out.find("plugin ABI"), std::string::npos);
}

TEST(Runner, NoRecipeIsAUsageError) {
  auto result = run_runner("");
  EXPECT_EQ(result.status, 2);
  EXPECT_EQ(result.err.rfind("runner: error: no recipe given", 0), 0u);
}

TEST(Runner, AnUnknownFlagIsAUsageError) {
  auto result = run_runner(kSmoke + " --frobnicate");
  EXPECT_EQ(result.status, 2);
  EXPECT_EQ(result.err.rfind("runner: error: ", 0), 0u) << result.err;
}

TEST(Runner, AMissingRecipeFileIsAnInputError) {
  auto result = run_runner("/no/such/recipe.yaml");
  EXPECT_EQ(result.status, 2);
  EXPECT_EQ(result.err,
            "runner: error: cannot read recipe /no/such/recipe.yaml: no such "
            "file or not readable\n");
}

TEST(Runner, ABadRecipeGivesOneLineWithFileLineAndKey) {
  auto dir = testing::temporary_dir("runner_bad");
  std::string recipe = testing::read_text(kSmoke);
  recipe.replace(recipe.find("epochs: 2"), 9, "epochs: two");
  testing::write_text(dir / "bad.yaml", recipe);
  auto result = run_runner((dir / "bad.yaml").string());
  EXPECT_EQ(result.status, 2);
  EXPECT_EQ(result.err, "runner: error: " + (dir / "bad.yaml").string() +
                            ":18:13: stages[0].epochs: expected a positive "
                            "integer, got \"two\"\n");
}

TEST(Runner, ABadOverrideIsAnInputError) {
  auto result = run_runner(kSmoke + " --set stages.probe.head=nope --dry-run");
  EXPECT_EQ(result.status, 2);
  EXPECT_EQ(result.err,
            "runner: error: --set stages.probe.head=nope: stages[1].head: "
            "unknown head plugin \"nope\" (known head plugins: linear, "
            "mlp)\n");
}

TEST(Runner, DryRunPrintsTheResolvedRecipeWithOverrides) {
  auto result = run_runner(kSmoke + " --dry-run --set stages.pretext.epochs=7");
  EXPECT_EQ(result.status, 0) << result.err;
  YAML::Node resolved = YAML::Load(result.out);
  EXPECT_EQ(resolved["stages"][0]["epochs"].as<int>(), 7);
  EXPECT_EQ(resolved["stages"][0]["head"]["plugin"].as<std::string>(),
            "linear");
  EXPECT_EQ(resolved["stages"][1]["backbone"]["plugin"].as<std::string>(),
            "mobilenet_v2");
}

TEST(Runner, PluginsListsEveryBuiltInPlugin) {
  auto result = run_runner("plugins");
  EXPECT_EQ(result.status, 0) << result.err;
  for (const char* name :
       {"mobilenet_v2", "rotation", "classification", "linear", "mlp", "sgd",
        "adam", "adamw", "cosine", "early_stopping", "synthetic"})
    EXPECT_NE(result.out.find(name), std::string::npos) << name;
  EXPECT_NE(result.out.find("backbone"), std::string::npos);
}

TEST(Runner, PluginsNameShowsOptionsWithDefaults) {
  auto result = run_runner("plugins mlp");
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.out.find("hidden (a positive integer, default 256)"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("width of the hidden layer"), std::string::npos);
}

TEST(Runner, PluginsUnknownNameSuggestsTheNearest) {
  auto result = run_runner("plugins mpl");
  EXPECT_EQ(result.status, 2);
  EXPECT_EQ(result.err,
            "runner: error: no plugin named \"mpl\"; did you mean \"mlp\"? "
            "(run `runner plugins` for the list)\n");
}

TEST(Runner, ATrainingRunWritesTheWholeRunFolder) {
  auto dir = testing::temporary_dir("runner_run");
  auto result = run_runner(kSmoke + " --output " + (dir / "run").string());
  ASSERT_EQ(result.status, 0) << result.err;
  fs::path run = dir / "run";
  for (const char* file :
       {"recipe.yaml", "log.txt", "metrics.csv", "summary.json",
        "checkpoints/pretext/backbone.pt", "checkpoints/probe/model.pt"})
    EXPECT_TRUE(fs::exists(run / file)) << file;

  // One row per stage and epoch: 2 + 3 + 1, unless early stopping cut the
  // probe short.
  // The columns every stage has, then the rotation task's own metric.
  std::string metrics = testing::read_text(run / "metrics.csv");
  EXPECT_EQ(metrics.rfind("stage,epoch,train_loss,train_accuracy,val_loss,"
                          "val_accuracy,lr,images_per_second,seconds,"
                          "data_wait_seconds,val_images_per_second,rss_mib,"
                          "val_rotation_accuracy\n",
                          0),
            0u);
  auto summary =
      nlohmann::json::parse(testing::read_text(run / "summary.json"));
  int rows = 0;
  for (char c : metrics) rows += c == '\n';
  int epochs = 0;
  for (auto& [name, stage] : summary["stages"].items())
    epochs += stage["epochs_run"].get<int>();
  EXPECT_EQ(rows - 1, epochs);
  EXPECT_EQ(summary["stages"]["pretext"]["epochs_run"], 2);
  for (const char* stage : {"pretext", "probe", "finetune"}) {
    auto& s = summary["stages"][stage];
    EXPECT_TRUE(s["final"].contains("val_accuracy")) << stage;
    EXPECT_TRUE(s["best"].contains("val_loss")) << stage;
    EXPECT_GT(s["wall_seconds"].get<double>(), 0) << stage;
    EXPECT_GT(s["train_images_per_second"].get<double>(), 0) << stage;
  }
  EXPECT_EQ(summary["stages"]["probe"]["confusion_matrix"].size(), 4u);
  EXPECT_EQ(summary["stages"]["pretext"]["classes"][1], "90");
  std::string log = testing::read_text(run / "log.txt");
  EXPECT_NE(log.find("stage probe ends"), std::string::npos);
  // The allocator the build chose is the one running (tcmalloc when found).
  EXPECT_NE(log.find(", " PRETEXT_RUNNER_ALLOCATOR " allocator"),
            std::string::npos)
      << log;
}

TEST(Runner, TrainsUnderBf16Autocast) {
  auto dir = testing::temporary_dir("runner_bf16");
  auto result = run_runner(kSmoke + " --set precision=bf16 --output " +
                           (dir / "run").string());
  ASSERT_EQ(result.status, 0) << result.err;
  auto summary =
      nlohmann::json::parse(testing::read_text(dir / "run/summary.json"));
  for (const char* stage : {"pretext", "probe", "finetune"}) {
    double loss = summary["stages"][stage]["final"]["train_loss"];
    EXPECT_TRUE(std::isfinite(loss)) << stage;
  }
  // Weights stay fp32: the checkpoint loads as usual.
  StateDict weights =
      read_state_dict(dir / "run/checkpoints/pretext/backbone.pt");
  EXPECT_EQ(weights.at("features.0.0.weight").scalar_type(), torch::kFloat32);
}

TEST(Runner, MissingDataForALaterStageFailsBeforeAnyTraining) {
  auto dir = testing::temporary_dir("runner_missing_data");
  auto result = run_runner(
      kSmoke + " --log-level warn --output " + (dir / "run").string() +
      " --set 'stages.finetune.val={plugin: tiny_imagenet, root: /no/such}'");
  EXPECT_EQ(result.status, 2);
  EXPECT_EQ(result.err,
            "runner: error: stages[2].val: /no/such: Tiny ImageNet not "
            "found; run scripts/get_data.sh, or set root to the folder that "
            "holds wnids.txt\n");
  EXPECT_EQ(testing::read_text(dir / "run/metrics.csv").find("pretext,"),
            std::string::npos);
}

TEST(Runner, AFailureDuringTheRunExitsOne) {
  auto dir = testing::temporary_dir("runner_diverge");
  auto result = run_runner(kSmoke + " --output " + (dir / "run").string() +
                           " --set stages.pretext.optimizer.lr=1e30"
                           " --set stages.pretext.scheduler=null");
  EXPECT_EQ(result.status, 1) << result.err;
  EXPECT_NE(result.err.find("runner: error: stage pretext: the loss became"),
            std::string::npos)
      << result.err;
}

}  // namespace
}  // namespace pretext
