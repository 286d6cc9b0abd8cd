#include "pretext/run.h"

#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iomanip>
#include <sstream>

#include <torch/cuda.h>
#include <torch/utils.h>
#include <nlohmann/json.hpp>

#include "pretext/error.h"
#include "pretext/files.h"
#include "trainer.h"

namespace pretext {
namespace fs = std::filesystem;
namespace {

const std::vector<std::string> kMetricColumns = {"epoch",
                                                 "train_loss",
                                                 "train_accuracy",
                                                 "val_loss",
                                                 "val_accuracy",
                                                 "lr",
                                                 "images_per_second",
                                                 "seconds",
                                                 "data_wait_seconds",
                                                 "val_images_per_second",
                                                 "rss_mib"};

// metrics.csv, rewritten whole after every epoch. Metrics a task adds
// (val_rotation_accuracy, ...) get columns after the standard ones.
class MetricsTable {
 public:
  explicit MetricsTable(fs::path file)
      : file_(std::move(file)), columns_(kMetricColumns) {
    write();
  }

  void add(const std::string& stage, const Metrics& metrics) {
    for (const auto& [name, value] : metrics)
      if (std::find(columns_.begin(), columns_.end(), name) == columns_.end())
        columns_.push_back(name);
    rows_.emplace_back(stage, metrics);
    write();
  }

 private:
  void write() const {
    std::ostringstream text;
    text << "stage";
    for (const auto& column : columns_) text << "," << column;
    text << "\n";
    for (const auto& [stage, metrics] : rows_) {
      text << stage;
      for (const auto& column : columns_) {
        text << ",";
        if (auto value = find_metric(metrics, column)) text << *value;
      }
      text << "\n";
    }
    write_file_atomically(file_, text.str());
  }

  fs::path file_;
  std::vector<std::string> columns_;
  std::vector<std::pair<std::string, Metrics>> rows_;
};

torch::Device choose_device(const std::string& wanted, spdlog::logger& log) {
  bool cuda = torch::cuda::is_available();
  if (wanted == "cuda" && !cuda)
    throw InputError(
        "device: cuda was asked for, but this LibTorch sees no CUDA device; "
        "use device: cpu or auto");
  if (wanted == "cuda" || (wanted == "auto" && cuda)) {
    log.info("device: cuda ({} GPUs)", torch::cuda::device_count());
    return torch::Device(torch::kCUDA);
  }
  // Freed tensors go back to the kernel with glibc's malloc and fault in
  // again on the next step; the runner links tcmalloc to avoid that.
  bool tcmalloc = dlsym(RTLD_DEFAULT, "tc_malloc") != nullptr;
  log.info("device: cpu, {} math threads, {} allocator",
           torch::get_num_threads(), tcmalloc ? "tcmalloc" : "system");
  return torch::Device(torch::kCPU);
}

}  // namespace

void run_recipe(const Recipe& recipe, const PluginRegistry& registry,
                const fs::path& run_dir, std::shared_ptr<spdlog::logger> log) {
  fs::create_directories(run_dir / "checkpoints");
  YAML::Emitter emitter;
  emitter << recipe.resolved();
  write_file_atomically(run_dir / "recipe.yaml",
                        std::string(emitter.c_str()) + "\n");

  if (recipe.threads > 0) torch::set_num_threads(recipe.threads);
  torch::Device device = choose_device(recipe.device, *log);

  MetricsTable table(run_dir / "metrics.csv");
  std::map<std::string, TrainedBackbone> backbones;
  nlohmann::json summary;
  summary["recipe"] = recipe.name;
  summary["stages"] = nlohmann::json::object();

  auto environment = [&](size_t i) {
    StageEnvironment env;
    env.registry = &registry;
    env.log = log;
    env.device = device;
    // Each stage starts from its own seed, so it can be rerun alone.
    env.seed = recipe.seed + i;
    env.channels_last = recipe.channels_last;
    env.bf16 = recipe.precision == "bf16";
    env.run_dir = run_dir;
    env.earlier = &backbones;
    env.on_epoch = [&](const std::string& name, const Metrics& metrics) {
      table.add(name, metrics);
    };
    return env;
  };

  // Open every stage's data first: a missing folder for the last stage
  // should not wait for the first stage to finish training.
  std::vector<StageData> data;
  for (size_t i = 0; i < recipe.stages.size(); ++i)
    data.push_back(open_stage_data(recipe.stages[i], environment(i)));

  auto run_start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < recipe.stages.size(); ++i) {
    const StageSpec& stage = recipe.stages[i];
    torch::manual_seed(recipe.seed + i);
    log->info("stage {} ({}/{}) begins", stage.name, i + 1,
              recipe.stages.size());
    StageOutcome outcome =
        train_stage(stage, environment(i), std::move(data[i]));
    backbones[stage.name] = std::move(outcome.backbone);
    summary["stages"][stage.name] = outcome.summary;
    summary["wall_seconds"] = std::chrono::duration<double>(
                                  std::chrono::steady_clock::now() - run_start)
                                  .count();
    write_file_atomically(run_dir / "summary.json", summary.dump(2) + "\n");
    log->info("stage {} ends after {:.1f} s", stage.name,
              outcome.summary["wall_seconds"].get<double>());
  }
  log->info("run finished; results in {}", run_dir.string());
}

}  // namespace pretext
