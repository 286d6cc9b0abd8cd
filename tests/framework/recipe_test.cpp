#include "pretext/recipe.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace pretext {
namespace {

// A valid recipe; tests break one line of it at a time.
const char* kRecipe = R"(name: demo
seed: 3
stages:
  - name: pretext
    train: {plugin: synthetic, size: 16}
    task: rotation
    backbone: {plugin: mobilenet_v2, width_mult: 0.25}
    head: linear
    optimizer: {plugin: sgd, lr: 0.1}
    epochs: 2
  - name: probe
    train: {plugin: synthetic, classes: 2}
    task: classification
    backbone: {from: pretext, freeze: true}
    head: {plugin: mlp, hidden: 8}
    optimizer: adam
)";

std::string replace(std::string text, const std::string& from,
                    const std::string& to) {
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

Recipe validate(const std::string& text,
                const std::vector<std::string>& overrides = {}) {
  return RecipeDocument::parse(text, "recipes/x.yaml", overrides)
      .validate(testing::builtin_plugins());
}

std::string error_of(const std::string& text,
                     const std::vector<std::string>& overrides = {}) {
  try {
    validate(text, overrides);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Recipe, AValidRecipeResolvesWithDefaults) {
  Recipe recipe = validate(kRecipe);
  EXPECT_EQ(recipe.name, "demo");
  EXPECT_EQ(recipe.seed, 3u);
  EXPECT_EQ(recipe.device, "auto");
  ASSERT_EQ(recipe.stages.size(), 2u);
  EXPECT_EQ(recipe.stages[0].epochs, 2);
  EXPECT_EQ(recipe.stages[0].batch_size, 64);
  EXPECT_EQ(recipe.stages[1].head.options.integer("hidden"), 8);
  EXPECT_DOUBLE_EQ(recipe.stages[1].optimizer.options.number("lr"), 1e-3);
}

TEST(Recipe, ABackboneFromAnEarlierStageInheritsItsPluginAndOptions) {
  Recipe recipe = validate(kRecipe);
  const BackboneSpec& backbone = recipe.stages[1].backbone;
  EXPECT_EQ(backbone.from_stage, "pretext");
  EXPECT_EQ(backbone.plugin, "mobilenet_v2");
  EXPECT_DOUBLE_EQ(backbone.options.number("width_mult"), 0.25);
  EXPECT_TRUE(backbone.freeze);
}

TEST(Recipe, ResolvedRecipeValidatesToTheSameRecipe) {
  Recipe recipe = validate(kRecipe);
  YAML::Emitter out;
  out << recipe.resolved();
  Recipe again = validate(out.c_str());
  YAML::Emitter out_again;
  out_again << again.resolved();
  EXPECT_EQ(std::string(out.c_str()), std::string(out_again.c_str()));
}

TEST(Recipe, InvalidYamlNamesLineAndColumn) {
  EXPECT_EQ(error_of("name: demo\nstages: [\n  {a: 1\n"),
            "recipes/x.yaml:4:1: invalid YAML: end of map flow not found");
}

TEST(Recipe, AnEmptyFileIsRejected) {
  EXPECT_EQ(error_of(""), "recipes/x.yaml: the recipe is empty");
}

TEST(Recipe, ATopLevelListIsRejected) {
  EXPECT_EQ(error_of("- a\n- b\n"),
            "recipes/x.yaml:1:1: expected a mapping, got a list");
}

TEST(Recipe, AnUnknownKeySuggestsTheNearest) {
  EXPECT_EQ(error_of(replace(kRecipe, "seed: 3", "sed: 3")),
            "recipes/x.yaml:2:1: sed: unknown key; did you mean \"seed\"? "
            "(valid keys: channels_last, device, name, output, plugin_dirs, "
            "precision, seed, stages, threads)");
}

TEST(Recipe, AMissingNameIsRejected) {
  EXPECT_EQ(error_of(replace(kRecipe, "name: demo\n", "")),
            "recipes/x.yaml:1:1: missing required key \"name\"");
}

TEST(Recipe, ANegativeSeedIsRejected) {
  EXPECT_EQ(error_of(replace(kRecipe, "seed: 3", "seed: -1")),
            "recipes/x.yaml:2:7: seed: expected a non-negative integer, got "
            "\"-1\"");
}

TEST(Recipe, AnUnknownDeviceListsTheChoices) {
  EXPECT_EQ(error_of(replace(kRecipe, "seed: 3", "device: gpu")),
            "recipes/x.yaml:2:9: device: expected one of: cpu, cuda, auto, "
            "got \"gpu\"");
}

TEST(Recipe, AnUnknownPrecisionListsTheChoices) {
  EXPECT_EQ(error_of(replace(kRecipe, "seed: 3", "precision: fp16")),
            "recipes/x.yaml:2:12: precision: expected one of: fp32, bf16, "
            "got \"fp16\"");
}

TEST(Recipe, StagesMustBeANonEmptyList) {
  EXPECT_EQ(error_of("name: demo\nstages: []\n"),
            "recipes/x.yaml:2:9: stages: expected a non-empty list of "
            "stages, got a list");
  EXPECT_EQ(error_of("name: demo\n"),
            "recipes/x.yaml:1:1: missing required key \"stages\" (the list "
            "of stages to run)");
}

TEST(Recipe, StageNamesAreSnakeCaseAndUnique) {
  EXPECT_EQ(error_of(replace(kRecipe, "name: probe", "name: Probe")),
            "recipes/x.yaml:11:11: stages[1].name: expected a snake_case "
            "name, got \"Probe\"");
  EXPECT_EQ(error_of(replace(kRecipe, "name: probe", "name: pretext")),
            "recipes/x.yaml:11:11: stages[1].name: stage name \"pretext\" "
            "is used twice");
}

TEST(Recipe, AMissingComponentNamesItsKind) {
  EXPECT_EQ(error_of(replace(kRecipe, "    head: linear\n", "")),
            "recipes/x.yaml:4:5: stages[0]: missing required key \"head\" (a "
            "head plugin)");
}

TEST(Recipe, AnUnknownPluginListsTheKnownOnesAndSuggests) {
  EXPECT_EQ(error_of(replace(kRecipe, "plugin: mobilenet_v2",
                             "plugin: mobilenet_v3")),
            "recipes/x.yaml:7:24: stages[0].backbone.plugin: unknown "
            "backbone plugin \"mobilenet_v3\"; did you mean \"mobilenet_v2\"? "
            "(known backbone plugins: mobilenet_v2)");
}

TEST(Recipe, APluginOfTheWrongKindIsRejected) {
  EXPECT_EQ(error_of(replace(kRecipe, "head: linear", "head: rotation")),
            "recipes/x.yaml:8:11: stages[0].head: plugin \"rotation\" is a "
            "task, not a head (known head plugins: linear, mlp)");
}

TEST(Recipe, AnUnknownOptionSuggestsTheNearest) {
  EXPECT_EQ(error_of(replace(kRecipe, "hidden: 8", "hiden: 8")),
            "recipes/x.yaml:15:25: stages[1].head.hiden: unknown option for "
            "head plugin mlp; did you mean \"hidden\"? (valid options: "
            "dropout, hidden)");
}

TEST(Recipe, AnOptionOfTheWrongTypeQuotesTheValue) {
  EXPECT_EQ(error_of(replace(kRecipe, "hidden: 8", "hidden: abc")),
            "recipes/x.yaml:15:33: stages[1].head.hidden: expected a "
            "positive integer, got \"abc\"");
}

TEST(Recipe, AnOptionOutOfRangeIsRejected) {
  EXPECT_EQ(error_of(replace(kRecipe, "lr: 0.1", "lr: -0.1")),
            "recipes/x.yaml:9:34: stages[0].optimizer.lr: expected a "
            "positive number, got \"-0.1\"");
}

TEST(Recipe, ZeroEpochsIsRejected) {
  EXPECT_EQ(error_of(replace(kRecipe, "epochs: 2", "epochs: 0")),
            "recipes/x.yaml:10:13: stages[0].epochs: expected a positive "
            "integer, got \"0\"");
}

TEST(Recipe, AnUnknownStageKeyListsTheValidOnes) {
  EXPECT_EQ(error_of(replace(kRecipe, "epochs: 2", "epoch: 2")),
            "recipes/x.yaml:10:5: stages[0].epoch: unknown key; did you mean "
            "\"epochs\"? (valid keys: augment, backbone, batch_size, "
            "callbacks, epochs, eval_batch_size, head, name, optimizer, "
            "scheduler, steps_per_epoch, task, train, val, workers)");
}

TEST(Recipe, ABackboneFromAnUnknownStageListsTheEarlierOnes) {
  EXPECT_EQ(error_of(replace(kRecipe, "from: pretext", "from: pretxt")),
            "recipes/x.yaml:14:22: stages[1].backbone.from: no earlier stage "
            "and no file named \"pretxt\"; did you mean \"pretext\"? "
            "(earlier stages: pretext)");
}

TEST(Recipe, ABackboneFromAStageKeepsThatStagesOptions) {
  EXPECT_EQ(error_of(replace(kRecipe, "freeze: true", "width_mult: 1")),
            "recipes/x.yaml:14:31: stages[1].backbone.width_mult: a backbone "
            "taken from stage \"pretext\" keeps its options; remove this key, "
            "or name its plugin again to change options (allowed here: from, "
            "freeze, lr_scale, cache_features, precise_bn)");
}

TEST(Recipe, NamingTheSourcePluginAgainChangesOnlyTheOptionsGiven) {
  Recipe recipe = validate(replace(
      kRecipe, "{from: pretext, freeze: true}",
      "{from: pretext, plugin: mobilenet_v2, blocks: 11, freeze: true}"));
  const BackboneSpec& probe = recipe.stages[1].backbone;
  EXPECT_EQ(probe.from_stage, "pretext");
  EXPECT_EQ(probe.options.integer("blocks"), 11);
  EXPECT_DOUBLE_EQ(probe.options.number("width_mult"), 0.25);  // pretext's
  EXPECT_TRUE(probe.freeze);
}

TEST(Recipe, AComponentMustBeANameOrAMapping) {
  EXPECT_EQ(error_of(replace(kRecipe, "head: linear", "head: [linear]")),
            "recipes/x.yaml:8:11: stages[0].head: expected a head plugin "
            "name or a mapping with \"plugin\", got a list");
  EXPECT_EQ(
      error_of(replace(kRecipe, "{plugin: synthetic, size: 16}", "{size: 16}")),
      "recipes/x.yaml:5:12: stages[0].train: missing required key "
      "\"plugin\" (a dataset plugin: image_folder, synthetic, "
      "tiny_imagenet)");
}

TEST(Recipe, APluginsOwnCheckIsReportedAtTheOption) {
  EXPECT_EQ(error_of(replace(kRecipe, "task: rotation",
                             "task: {plugin: rotation, angles: [0, 45]}")),
            "recipes/x.yaml:6:38: stages[0].task.angles: angle \"45\" is "
            "not one of: 0, 90, 180, 270");
  EXPECT_EQ(
      error_of(replace(kRecipe, "task: rotation",
                       "task: {plugin: rotation, channel_orders: [rgb, rbw]}")),
      "recipes/x.yaml:6:46: stages[0].task.channel_orders: channel order "
      "\"rbw\" is not one of: rgb, rbg, grb, gbr, brg, bgr");
  EXPECT_EQ(
      error_of(replace(kRecipe, "task: rotation",
                       "task: {plugin: rotation, channel_orders: [bgr]}")),
      "recipes/x.yaml:6:46: stages[0].task.channel_orders: a single channel "
      "order must be rgb (images as they are); list two or more to shuffle "
      "among them");
}

TEST(Recipe, AMissingPluginFolderIsRejected) {
  EXPECT_EQ(error_of(replace(kRecipe, "seed: 3", "plugin_dirs: [nowhere]")),
            "recipes/x.yaml:2:15: plugin_dirs[0]: plugin folder "
            "recipes/nowhere does not exist");
}

TEST(RecipeOverrides, SetAValueByStageName) {
  Recipe recipe = validate(
      kRecipe, {"stages.pretext.epochs=5", "stages.probe.head.hidden=4"});
  EXPECT_EQ(recipe.stages[0].epochs, 5);
  EXPECT_EQ(recipe.stages[1].head.options.integer("hidden"), 4);
}

TEST(RecipeOverrides, SetAValueByIndexAndAddAKey) {
  Recipe recipe = validate(kRecipe, {"stages[1].batch_size=7", "seed=9"});
  EXPECT_EQ(recipe.stages[1].batch_size, 7);
  EXPECT_EQ(recipe.seed, 9u);
}

TEST(RecipeOverrides, AreValidatedLikeTheFileAndNameTheFlag) {
  EXPECT_EQ(error_of(kRecipe, {"stages.pretext.epochs=abc"}),
            "--set stages.pretext.epochs=abc: stages[0].epochs: expected a "
            "positive integer, got \"abc\"");
  EXPECT_EQ(error_of(kRecipe, {"stages.probe.head.hidden=-2"}),
            "--set stages.probe.head.hidden=-2: stages[1].head.hidden: "
            "expected a positive integer, got \"-2\"");
  EXPECT_EQ(error_of(kRecipe, {"stages.pretext.epocs=3"}),
            "--set stages.pretext.epocs=3: stages[0].epocs: unknown key; did "
            "you mean \"epochs\"? (valid keys: augment, backbone, "
            "batch_size, callbacks, epochs, eval_batch_size, head, name, "
            "optimizer, scheduler, steps_per_epoch, task, train, val, "
            "workers)");
}

TEST(RecipeOverrides, AnUnknownStageOrAMissingEqualsSignIsRejected) {
  EXPECT_EQ(error_of(kRecipe, {"stages.nope.epochs=3"}),
            "--set stages.nope.epochs=3: stages has no entry \"nope\"");
  EXPECT_EQ(error_of(kRecipe, {"stages.pretext.epochs"}),
            "--set stages.pretext.epochs: expected PATH=VALUE, for example "
            "stages.pretext.epochs=3");
}

TEST(Suggest, OffersOnlyNamesThatAreClose) {
  EXPECT_EQ(suggest("mlpp", {"mlp", "linear"}), "did you mean \"mlp\"?");
  EXPECT_EQ(suggest("zzzzzz", {"mlp", "linear"}), "");
}

}  // namespace
}  // namespace pretext
