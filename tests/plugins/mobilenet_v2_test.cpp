// The mobilenet_v2 backbone against torchvision's, on weights and inputs
// made by Debian's python3-torchvision.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "pretext/backbone.h"
#include "pretext/log.h"
#include "test_support.h"

namespace pretext {
namespace {

namespace fs = std::filesystem;

std::shared_ptr<Backbone> make_mobilenet(const std::string& yaml) {
  const auto& registry = testing::builtin_plugins();
  auto options = Options::validate(
      registry.find("mobilenet_v2")->info->options, YAML::Load(yaml),
      "backbone",
      [](const YAML::Node&, const std::string&) { return SourceLocation{}; });
  Context context;
  context.log = make_logger("warn");
  return registry.create_as<Backbone>("mobilenet_v2", options, context);
}

// Runs the reference script; returns the folder holding its files.
fs::path torchvision_reference(const std::string& width) {
  fs::path dir = testing::temporary_dir("mobilenet_reference_" + width);
  auto result =
      testing::run_command("/usr/bin/python3 " PRETEXT_SOURCE_DIR
                           "/tests/plugins/make_mobilenet_reference.py " +
                           dir.string() + " " + width);
  EXPECT_EQ(result.status, 0)
      << "python3-torchvision is needed (scripts/setup.sh installs it): "
      << result.err;
  return dir;
}

void expect_same_outputs_as_torchvision(const std::string& width) {
  fs::path dir = torchvision_reference(width);
  StateDict weights = read_state_dict(dir / "weights.pt");
  StateDict outputs = read_state_dict(dir / "outputs.pt");

  auto backbone = make_mobilenet("{width_mult: " + width + "}");
  load_state_dict(
      *backbone, weights, "weights.pt",
      [&](const std::string& name) { return backbone->map_weight_name(name); });
  backbone->eval();
  torch::NoGradGuard no_grad;
  auto features = backbone->forward(outputs.at("images"));
  EXPECT_EQ(features.size(1), backbone->feature_dim());
  EXPECT_LT((features - outputs.at("features")).abs().max().item<double>(),
            1e-4);

  // torchvision's classifier on our features gives its logits.
  auto logits = torch::linear(features, weights.at("classifier.1.weight"),
                              weights.at("classifier.1.bias"));
  EXPECT_LT((logits - outputs.at("logits")).abs().max().item<double>(), 1e-4);
}

TEST(MobileNetV2, LoadsATorchvisionStateDictAndMatchesItsOutputs) {
  expect_same_outputs_as_torchvision("1.0");
}

TEST(MobileNetV2, MatchesTorchvisionAtAnotherWidth) {
  expect_same_outputs_as_torchvision("0.5");
}

TEST(MobileNetV2, KeepsTheFirstBlocksOfATorchvisionModel) {
  fs::path dir = torchvision_reference("1.0");
  StateDict weights = read_state_dict(dir / "weights.pt");
  StateDict outputs = read_state_dict(dir / "outputs.pt");

  auto backbone = make_mobilenet("{blocks: 11}");
  EXPECT_EQ(backbone->feature_dim(), 64);  // features.10 ends with 64
  // The full state dict loads: weights of the blocks left out are skipped.
  load_state_dict(
      *backbone, weights, "weights.pt",
      [&](const std::string& name) { return backbone->map_weight_name(name); });
  backbone->eval();
  torch::NoGradGuard no_grad;
  auto features = backbone->forward(outputs.at("images"));
  EXPECT_LT(
      (features - outputs.at("first_11_blocks")).abs().max().item<double>(),
      1e-4);
  EXPECT_EQ(state_dict(*backbone).count("features.11.conv.0.0.weight"), 0u);
}

TEST(MobileNetV2, HasTorchvisionsParameterCount) {
  auto backbone = make_mobilenet("{}");
  int64_t count = 0;
  for (const auto& p : backbone->parameters()) count += p.numel();
  // torchvision's 3,504,872 less the 1000-class classifier (1,281,000).
  EXPECT_EQ(count, 3504872 - 1281000);
  EXPECT_EQ(backbone->feature_dim(), 1280);
}

TEST(MobileNetV2, WorksOnSixtyFourPixelImages) {
  auto backbone = make_mobilenet("{width_mult: 0.25, stem_stride: 1}");
  auto features = backbone->forward(torch::randn({2, 3, 64, 64}));
  EXPECT_EQ(features.sizes(), (std::vector<int64_t>{2, 1280}));
}

}  // namespace
}  // namespace pretext
