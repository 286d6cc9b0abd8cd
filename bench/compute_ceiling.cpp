// The pretext training step on tensors already in memory: the ceiling the
// runner's end-to-end throughput is measured against. Same plugins, same
// step (forward, cross-entropy, backward, optimizer step), no data loading.
//
//   build/bin/pretext_compute_ceiling --batch-size 64 --steps 40 --threads 2
//
// Prints one JSON object.

#include <chrono>
#include <iostream>

#include <ATen/autocast_mode.h>
#include <torch/torch.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "pretext/backbone.h"
#include "pretext/head.h"
#include "pretext/log.h"
#include "pretext/optimizer.h"
#include "pretext/plugin_registry.h"

namespace {

template <typename T>
std::shared_ptr<T> make(const pretext::PluginRegistry& registry,
                        const std::string& name, const std::string& yaml,
                        const pretext::Context& context) {
  auto options = pretext::Options::validate(
      registry.find(name)->info->options, YAML::Load(yaml), name,
      [](const YAML::Node&, const std::string&) {
        return pretext::SourceLocation{};
      });
  return registry.create_as<T>(name, options, context);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"pretext training step on tensors already in memory"};
  int64_t batch_size = 64, steps = 40, warmup = 5, threads = 2;
  bool channels_last = true;
  std::string precision = "fp32";
  app.add_option("--batch-size", batch_size, "images a step (x4 rotations)");
  app.add_option("--steps", steps, "timed steps");
  app.add_option("--warmup", warmup, "untimed steps first");
  app.add_option("--threads", threads, "math threads");
  app.add_option("--channels-last", channels_last, "memory format");
  app.add_option("--precision", precision, "fp32, or bf16 autocast")
      ->check(CLI::IsMember({"fp32", "bf16"}));
  CLI11_PARSE(app, argc, argv);
  torch::set_num_threads(static_cast<int>(threads));
  bool bf16 = precision == "bf16";
  if (bf16) at::autocast::set_autocast_cpu_dtype(torch::kBFloat16);
  torch::manual_seed(0);

  auto log = pretext::make_logger("warn");
  pretext::PluginRegistry registry(log);
  registry.load_directories(pretext::default_plugin_dirs(), false);
  pretext::Context context;
  context.log = log;
  auto backbone =
      make<pretext::Backbone>(registry, "mobilenet_v2", "{}", context);
  context.in_features = backbone->feature_dim();
  context.out_features = 4;
  auto head = make<pretext::Head>(registry, "linear", "{}", context);
  auto adam =
      make<pretext::Optimizer>(registry, "adam", "{lr: 0.001}", context);

  auto memory = channels_last ? torch::MemoryFormat::ChannelsLast
                              : torch::MemoryFormat::Contiguous;
  {
    torch::NoGradGuard no_grad;
    for (auto& p : backbone->parameters())
      if (p.dim() == 4) p.set_data(p.contiguous(memory));
  }
  std::vector<torch::Tensor> params = backbone->parameters();
  for (auto& p : head->parameters()) params.push_back(p);
  auto optimizer = adam->create({{params, 1.0}});

  // Four rotations of each image, as the pretext task feeds the model.
  int64_t inputs = 4 * batch_size;
  auto images = torch::randn({inputs, 3, 64, 64}).contiguous(memory);
  auto targets = torch::arange(4).repeat_interleave(batch_size);

  backbone->train();
  std::chrono::steady_clock::time_point start;
  for (int64_t step = 0; step < warmup + steps; ++step) {
    if (step == warmup) start = std::chrono::steady_clock::now();
    optimizer->zero_grad();
    // As the runner does: autocast around the forward pass only, and its
    // bf16 weight copies dropped before the optimizer changes the weights.
    at::autocast::set_cpu_enabled(bf16);
    auto logits = head->forward(backbone->forward(images)).to(torch::kFloat32);
    at::autocast::set_cpu_enabled(false);
    at::autocast::clear_cache();
    auto loss = torch::nn::functional::cross_entropy(logits, targets);
    loss.backward();
    optimizer->step();
  }
  double train_rate = steps * inputs / seconds_since(start);

  backbone->eval();
  double eval_rate = 0;
  {
    torch::InferenceMode inference;
    at::autocast::set_cpu_enabled(bf16);
    auto batch = torch::randn({256, 3, 64, 64}).contiguous(memory);
    head->forward(backbone->forward(batch));
    auto eval_start = std::chrono::steady_clock::now();
    for (int i = 0; i < 10; ++i) head->forward(backbone->forward(batch));
    eval_rate = 10 * 256 / seconds_since(eval_start);
    at::autocast::set_cpu_enabled(false);
  }

  nlohmann::json result;
  result["train_images_per_second"] = train_rate;
  result["eval_images_per_second"] = eval_rate;
  result["batch_inputs"] = inputs;
  result["threads"] = threads;
  result["channels_last"] = channels_last;
  result["precision"] = precision;
  std::cout << result.dump() << "\n";
  return 0;
}
