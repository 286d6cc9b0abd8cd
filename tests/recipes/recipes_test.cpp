// The recipes this repository ships: all valid, and the tiny one trains
// end to end on real Tiny ImageNet images.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "pretext/backbone.h"
#include "test_support.h"

namespace pretext {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = PRETEXT_SOURCE_DIR;

// The archive the tests unpack from: PRETEXT_TINY_IMAGENET_ZIP, else the
// shared copy beside the repository.
fs::path tiny_imagenet_zip() {
  if (const char* zip = std::getenv("PRETEXT_TINY_IMAGENET_ZIP")) return zip;
  return kSource / ".." / "shared" / "datasets" / "tiny-imagenet-200.zip";
}

TEST(Recipes, EveryShippedRecipeIsValid) {
  std::vector<fs::path> recipes = {kSource / "examples/plugin/recipe.yaml"};
  for (const auto& entry :
       fs::recursive_directory_iterator(kSource / "recipes"))
    if (entry.path().extension() == ".yaml") recipes.push_back(entry.path());
  ASSERT_GE(recipes.size(), 4u);
  for (const auto& recipe : recipes) {
    if (recipe.filename() == "recipe.yaml") continue;  // needs its plugin
    auto result = testing::run_runner(recipe.string() + " --dry-run");
    EXPECT_EQ(result.status, 0) << recipe << ": " << result.err;
  }
}

TEST(Recipes, TheExampleInTheRecipeDocsIsValid) {
  std::string docs = testing::read_text(kSource / "docs/recipes.md");
  auto begin = docs.find("```yaml\nname: example");
  ASSERT_NE(begin, std::string::npos);
  begin += 8;
  auto end = docs.find("```", begin);
  auto dir = testing::temporary_dir("docs_example");
  testing::write_text(dir / "example.yaml", docs.substr(begin, end - begin));
  auto result =
      testing::run_runner((dir / "example.yaml").string() + " --dry-run");
  EXPECT_EQ(result.status, 0) << result.err;
}

TEST(Recipes, TheTinyRecipeTrainsEndToEndOnTinyImageNet) {
  fs::path zip = tiny_imagenet_zip();
  if (!fs::exists(zip)) GTEST_SKIP() << "no Tiny ImageNet zip at " << zip;

  // Only what the recipe reads: two classes and the validation split.
  fs::path dir = testing::temporary_dir("tiny_recipe");
  auto unpacked = testing::run_command(
      "unzip -q " + zip.string() +
      " 'tiny-imagenet-200/*.txt' 'tiny-imagenet-200/train/n01855672/*'"
      " 'tiny-imagenet-200/train/n01443537/*' 'tiny-imagenet-200/val/*'"
      " -d " +
      (dir / "data").string());
  ASSERT_EQ(unpacked.status, 0) << unpacked.err;

  auto result =
      testing::run_command("cd " + dir.string() +
                           " && env PRETEXT_PLUGIN_PATH= " PRETEXT_RUNNER " " +
                           (kSource / "recipes/tests/tiny.yaml").string() +
                           " --output run --log-level warn");
  ASSERT_EQ(result.status, 0) << result.err;

  auto summary =
      nlohmann::json::parse(testing::read_text(dir / "run/summary.json"));
  auto& pretext = summary["stages"]["pretext"];
  // Four rotations times six channel orders, and each part's accuracy.
  EXPECT_EQ(pretext["classes"].size(), 24u);
  EXPECT_EQ(pretext["epochs_run"], 1);
  for (const char* part :
       {"val_rotation_accuracy", "val_channel_order_accuracy"}) {
    ASSERT_TRUE(pretext["final"].contains(part)) << part;
    double value = pretext["final"][part];
    EXPECT_GE(value, pretext["final"]["val_accuracy"].get<double>()) << part;
    EXPECT_LE(value, 1.0) << part;
  }
  // The second pretext stage: rotation alone, four classes, its accuracy
  // under the same name.
  auto& rotation = summary["stages"]["pretext_rotation"];
  EXPECT_EQ(rotation["classes"].size(), 4u);
  ASSERT_TRUE(rotation["final"].contains("val_rotation_accuracy"));
  EXPECT_DOUBLE_EQ(rotation["final"]["val_rotation_accuracy"].get<double>(),
                   rotation["final"]["val_accuracy"].get<double>());
  EXPECT_FALSE(rotation["final"].contains("val_channel_order_accuracy"));
  std::string metrics = testing::read_text(dir / "run/metrics.csv");
  std::string header = metrics.substr(0, metrics.find('\n'));
  EXPECT_NE(header.find(",val_rotation_accuracy"), std::string::npos) << header;
  auto& probe = summary["stages"]["duck_fish_probe"];
  EXPECT_EQ(probe["classes"], nlohmann::json({"duck", "fish"}));
  EXPECT_TRUE(probe["per_class_accuracy"].contains("duck"));
  double accuracy = probe["final"]["val_accuracy"];
  EXPECT_GE(accuracy, 0.0);
  EXPECT_LE(accuracy, 1.0);
  // 8 + 8 validation images in the confusion matrix.
  int total = 0;
  for (auto& row : probe["confusion_matrix"])
    for (auto& cell : row) total += cell.get<int>();
  EXPECT_EQ(total, 16);

  // The probe kept the first 11 blocks, and its batch-norm statistics come
  // from one pass over its 40 training images in batches of 8 (precise_bn),
  // not from the pretext stage's 4 training batches.
  StateDict probe_weights =
      read_state_dict(dir / "run/checkpoints/duck_fish_probe/best.pt");
  EXPECT_EQ(
      probe_weights.at("backbone.features.0.1.num_batches_tracked").item<int>(),
      5);
  EXPECT_TRUE(probe_weights.count("backbone.features.10.conv.3.weight"));
  EXPECT_FALSE(probe_weights.count("backbone.features.11.conv.3.weight"));
  EXPECT_TRUE(fs::exists(dir / "run/plots/duck_fish_probe_curves.png"));
  EXPECT_TRUE(fs::exists(dir / "run/plots/duck_fish_probe_predictions.png"));
}

}  // namespace
}  // namespace pretext
