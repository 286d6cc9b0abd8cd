#include "trainer.h"

#include <chrono>
#include <cmath>
#include <fstream>

#include "autocast.h"
#include "pretext/augmentation.h"
#include "pretext/callback.h"
#include "pretext/data_loader.h"
#include "pretext/dataset.h"
#include "pretext/error.h"
#include "pretext/head.h"
#include "pretext/optimizer.h"
#include "pretext/scheduler.h"
#include "pretext/task.h"

namespace pretext {
namespace fs = std::filesystem;
namespace {

using Clock_ = std::chrono::steady_clock;

// Resident memory of this process now, in MiB (0 where /proc is absent).
double resident_mib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024;
  return 0;
}

double seconds_since(Clock_::time_point start) {
  return std::chrono::duration<double>(Clock_::now() - start).count();
}

template <typename T>
std::shared_ptr<torch::nn::Module> as_module(const std::shared_ptr<T>& part) {
  return std::shared_ptr<torch::nn::Module>(
      part, static_cast<torch::nn::Module*>(part.get()));
}

// What every plugin object of a stage is told about its host.
Context plugin_context(const StageSpec& spec, const StageEnvironment& env) {
  Context context;
  context.log = env.log;
  context.stage = spec.name;
  context.device = env.device;
  context.seed = env.seed;
  context.run_dir = env.run_dir;
  return context;
}

// Backbone and head as one module, so they save and switch modes together.
class Model : public torch::nn::Module {
 public:
  Model(std::shared_ptr<Backbone> backbone, std::shared_ptr<Head> head)
      : backbone_(std::move(backbone)), head_(std::move(head)) {
    register_module("backbone", as_module(backbone_));
    register_module("head", as_module(head_));
  }

  torch::Tensor forward(const torch::Tensor& images) {
    return head_->forward(backbone_->forward(images));
  }

  Backbone& backbone() { return *backbone_; }
  Head& head() { return *head_; }

 private:
  std::shared_ptr<Backbone> backbone_;
  std::shared_ptr<Head> head_;
};

// Sums over an epoch, for loss, accuracy and the confusion matrix.
struct Tally {
  double loss_sum = 0;
  int64_t correct = 0;
  int64_t count = 0;
  torch::Tensor confusion;  // targets x predictions, int64

  void add(const torch::Tensor& logits, const torch::Tensor& targets,
           double mean_loss) {
    int64_t n = targets.size(0);
    auto predictions = logits.argmax(1);
    loss_sum += mean_loss * n;
    correct += predictions.eq(targets).sum().item<int64_t>();
    count += n;
    if (confusion.defined()) {
      int64_t k = confusion.size(0);
      auto flat = (targets.cpu() * k + predictions.cpu());
      confusion += torch::bincount(flat, {}, k * k).view({k, k});
    }
  }
  double loss() const { return count ? loss_sum / count : NAN; }
  double accuracy() const {
    return count ? static_cast<double>(correct) / count : NAN;
  }
};

// Backbone features of a whole split, with the task's targets.
struct FeatureCache {
  torch::Tensor features;
  torch::Tensor targets;
};

class StageRunner {
 public:
  StageRunner(const StageSpec& spec, const StageEnvironment& env,
              StageData data)
      : spec_(spec),
        env_(env),
        train_data_(std::move(data.train)),
        val_data_(std::move(data.val)) {}

  StageOutcome run();

 private:
  void build();
  Normalization measure_normalization();
  torch::Tensor to_inputs(const torch::Tensor& images) const;
  Metrics train_epoch(int64_t epoch);
  Metrics train_epoch_on_features(int64_t epoch);
  void train_step(const Batch& batch, const Clock& clock, bool head_only,
                  Tally& tally, Clock_::time_point epoch_start);
  Metrics epoch_metrics(const Tally& tally, double seconds);
  torch::Tensor predict(const torch::Tensor& images);
  torch::Tensor logits_of(const torch::Tensor& inputs, bool head_only);
  void cache_features();
  void reestimate_batch_norm();
  FeatureCache compute_features(DataLoader& loader, uint64_t seed);
  Tally evaluate(bool with_confusion);
  nlohmann::json summarize(double wall_seconds, double images_per_second);

  const StageSpec& spec_;
  const StageEnvironment& env_;

  std::shared_ptr<Dataset> train_data_;
  std::shared_ptr<Dataset> val_data_;
  std::vector<std::shared_ptr<const Augmentation>> augment_;
  std::shared_ptr<Task> task_;
  std::shared_ptr<Model> model_;
  std::shared_ptr<Optimizer> optimizer_plugin_;
  std::unique_ptr<torch::optim::Optimizer> optimizer_;
  std::shared_ptr<Scheduler> scheduler_;
  std::vector<std::shared_ptr<Callback>> callbacks_;
  std::unique_ptr<DataLoader> train_loader_;
  std::unique_ptr<DataLoader> val_loader_;
  Normalization normalization_;
  std::vector<std::string> outputs_;
  std::vector<double> base_lrs_;
  std::mt19937_64 rng_;

  FeatureCache train_cache_;
  FeatureCache val_cache_;

  StageState state_;
  std::vector<Metrics> history_;
  Clock_::time_point stage_start_;
  double first_batch_seconds_ = -1;  // stage start to first training batch
  double train_seconds_ = 0;
  int64_t train_images_ = 0;
};

void StageRunner::build() {
  const PluginRegistry& registry = *env_.registry;
  Context ctx = plugin_context(spec_, env_);

  for (const auto& spec : spec_.augment)
    augment_.push_back(
        registry.create_as<Augmentation>(spec.plugin, spec.options, ctx));
  task_ = registry.create_as<Task>(spec_.task.plugin, spec_.task.options, ctx);
  outputs_ = task_->output_names(*train_data_);

  auto backbone = registry.create_as<Backbone>(spec_.backbone.plugin,
                                               spec_.backbone.options, ctx);
  if (!spec_.backbone.from_stage.empty()) {
    const TrainedBackbone& source = env_.earlier->at(spec_.backbone.from_stage);
    load_state_dict(*backbone, source.weights,
                    "stage " + spec_.backbone.from_stage,
                    [&](const std::string& name) {
                      return backbone->map_weight_name(name);
                    });
    normalization_ = source.normalization;
  } else if (!spec_.backbone.from_file.empty()) {
    auto weights = read_state_dict(spec_.backbone.from_file);
    load_state_dict(*backbone, weights, spec_.backbone.from_file.string(),
                    [&](const std::string& name) {
                      return backbone->map_weight_name(name);
                    });
  }

  ctx.in_features = backbone->feature_dim();
  ctx.out_features = static_cast<int64_t>(outputs_.size());
  auto head =
      registry.create_as<Head>(spec_.head.plugin, spec_.head.options, ctx);
  model_ = std::make_shared<Model>(backbone, head);
  model_->to(env_.device);
  if (env_.channels_last) {
    // Convolutions run faster on images stored channels-last; inputs are
    // made that way in to_inputs(), weights follow here.
    torch::NoGradGuard no_grad;
    for (auto& p : model_->parameters())
      if (p.dim() == 4)
        p.set_data(p.contiguous(torch::MemoryFormat::ChannelsLast));
  }

  optimizer_plugin_ = registry.create_as<Optimizer>(
      spec_.optimizer.plugin, spec_.optimizer.options, ctx);
  std::vector<ParamGroup> groups{{head->parameters(), 1.0}};
  if (spec_.backbone.freeze) {
    for (auto& p : backbone->parameters()) p.set_requires_grad(false);
  } else {
    groups.push_back({backbone->parameters(), spec_.backbone.lr_scale});
  }
  optimizer_ = optimizer_plugin_->create(groups);
  for (const auto& group : groups)
    base_lrs_.push_back(optimizer_plugin_->learning_rate() * group.lr_scale);

  if (spec_.scheduler)
    scheduler_ = registry.create_as<Scheduler>(spec_.scheduler->plugin,
                                               spec_.scheduler->options, ctx);
  for (const auto& spec : spec_.callbacks)
    callbacks_.push_back(
        registry.create_as<Callback>(spec.plugin, spec.options, ctx));

  LoaderOptions train_options;
  train_options.batch_size = spec_.batch_size;
  train_options.shuffle = true;
  train_options.drop_last = train_data_->size() > spec_.batch_size;
  train_options.workers = spec_.workers;
  train_options.seed = env_.seed;
  train_options.max_batches = spec_.steps_per_epoch;
  train_loader_ =
      std::make_unique<DataLoader>(train_data_, augment_, train_options);
  if (val_data_) {
    LoaderOptions val_options = train_options;
    val_options.batch_size = spec_.eval_batch_size;
    val_options.shuffle = false;
    val_options.drop_last = false;
    val_options.max_batches = 0;
    val_loader_ = std::make_unique<DataLoader>(
        val_data_, std::vector<std::shared_ptr<const Augmentation>>{},
        val_options);
  }
  if (!normalization_.mean.defined()) normalization_ = measure_normalization();
}

// Mean and spread of each channel over (up to) 1024 training images.
Normalization StageRunner::measure_normalization() {
  LoaderOptions options;
  options.batch_size = 256;
  options.shuffle = true;
  options.workers = spec_.workers;
  options.seed = env_.seed;
  options.max_batches = 4;
  DataLoader loader(train_data_, {}, options);
  loader.start_epoch(-1);
  ImageBatch batch;
  torch::Tensor sum = torch::zeros({3}, torch::kFloat64);
  torch::Tensor square = torch::zeros({3}, torch::kFloat64);
  int64_t pixels = 0;
  while (loader.next(batch)) {
    auto values = batch.images.to(torch::kFloat64).div(255.0).view({-1, 3});
    sum += values.sum(0);
    square += values.pow(2).sum(0);
    pixels += values.size(0);
  }
  auto mean = sum / pixels;
  auto std = (square / pixels - mean.pow(2)).clamp_min(1e-8).sqrt();
  Normalization result;
  auto to_device = [&](const torch::Tensor& t) {
    return t.to(torch::kFloat32).view({1, 3, 1, 1}).to(env_.device);
  };
  result.mean = to_device(mean);
  result.std = to_device(std);
  env_.log->debug("{}: normalising with mean {} std {}", spec_.name,
                  c10::str(mean), c10::str(std));
  return result;
}

// uint8 N x H x W x 3 to normalised float N x 3 x H x W. The permuted view
// keeps channels last in memory, which suits convolutions on the CPU.
torch::Tensor StageRunner::to_inputs(const torch::Tensor& images) const {
  auto on_device = images.to(env_.device, /*non_blocking=*/true);
  auto x = on_device.permute({0, 3, 1, 2}).to(torch::kFloat32).div_(255.0);
  x = x.sub_(normalization_.mean).div_(normalization_.std);
  return env_.channels_last ? x : x.contiguous();
}

Metrics StageRunner::train_epoch(int64_t epoch) {
  model_->train();
  if (spec_.backbone.freeze) model_->backbone().eval();
  Clock clock{epoch, 0, train_loader_->batches_per_epoch(), spec_.epochs};

  Tally tally;
  train_loader_->start_epoch(epoch);
  ImageBatch raw;
  auto start = Clock_::now();
  // Time spent waiting for the loader: near zero when decoding and
  // augmentation keep up with the model.
  double waiting = 0;
  for (auto asked = Clock_::now(); train_loader_->next(raw);
       asked = Clock_::now()) {
    waiting += seconds_since(asked);
    if (first_batch_seconds_ < 0)
      first_batch_seconds_ = seconds_since(stage_start_);
    Batch batch = task_->prepare(
        {to_inputs(raw.images), raw.labels.to(env_.device)}, rng_);
    train_step(batch, clock, /*head_only=*/false, tally, start);
    ++clock.step;
  }
  Metrics metrics = epoch_metrics(tally, seconds_since(start));
  metrics["data_wait_seconds"] = waiting;
  return metrics;
}

// A frozen backbone gives the same features every epoch: compute them once,
// for training and validation alike.
void StageRunner::cache_features() {
  train_cache_ = compute_features(*train_loader_, env_.seed);
  if (val_loader_) val_cache_ = compute_features(*val_loader_, env_.seed + 1);
  env_.log->info("{}: cached frozen features of {} training inputs", spec_.name,
                 train_cache_.features.size(0));
}

// Precise batch norm over one pass of the training inputs.
void StageRunner::reestimate_batch_norm() {
  train_loader_->start_epoch(-1);
  std::mt19937_64 rng(env_.seed + 2);
  Backbone& backbone = model_->backbone();
  int64_t seen = recompute_batch_norm(
      backbone,
      [&](torch::Tensor x) {
        Autocast autocast(env_.device, env_.bf16);
        return backbone.forward(x);
      },
      [&](torch::Tensor& inputs) {
        ImageBatch raw;
        if (!train_loader_->next(raw)) return false;
        Batch batch = task_->prepare(
            {to_inputs(raw.images), raw.labels.to(env_.device)}, rng);
        inputs = batch.inputs;
        return true;
      });
  if (seen == 0)
    env_.log->warn("{}: precise_bn: the backbone has no batch norm",
                   spec_.name);
  else
    env_.log->info("{}: re-estimated batch-norm statistics on {} inputs",
                   spec_.name, seen);
}

FeatureCache StageRunner::compute_features(DataLoader& loader, uint64_t seed) {
  torch::InferenceMode inference;
  model_->eval();
  loader.start_epoch(0);
  std::vector<torch::Tensor> features, targets;
  ImageBatch raw;
  std::mt19937_64 rng(seed);
  while (loader.next(raw)) {
    Batch batch = task_->prepare(
        {to_inputs(raw.images), raw.labels.to(env_.device)}, rng);
    Autocast autocast(env_.device, env_.bf16);
    features.push_back(
        model_->backbone().forward(batch.inputs).to(torch::kFloat32));
    targets.push_back(batch.targets);
  }
  // Clone out of inference mode so autograd may use them later.
  return {torch::cat(features).clone(), torch::cat(targets).clone()};
}

Metrics StageRunner::train_epoch_on_features(int64_t epoch) {
  model_->head().train();
  int64_t n = train_cache_.features.size(0);
  int64_t steps = std::max<int64_t>(1, n / spec_.batch_size);
  if (spec_.steps_per_epoch > 0) steps = std::min(steps, spec_.steps_per_epoch);
  Clock clock{epoch, 0, steps, spec_.epochs};

  auto order = torch::randperm(n, torch::TensorOptions().dtype(torch::kInt64))
                   .to(env_.device);
  Tally tally;
  auto start = Clock_::now();
  for (; clock.step < steps; ++clock.step) {
    int64_t begin = clock.step * spec_.batch_size;
    auto index = order.slice(0, begin, std::min(n, begin + spec_.batch_size));
    Batch batch{train_cache_.features.index_select(0, index),
                train_cache_.targets.index_select(0, index)};
    train_step(batch, clock, /*head_only=*/true, tally, start);
  }
  return epoch_metrics(tally, seconds_since(start));
}

void StageRunner::train_step(const Batch& batch, const Clock& clock,
                             bool head_only, Tally& tally,
                             Clock_::time_point epoch_start) {
  double factor = scheduler_ ? scheduler_->factor(clock) : 1.0;
  auto& groups = optimizer_->param_groups();
  for (size_t i = 0; i < groups.size(); ++i)
    groups[i].options().set_lr(base_lrs_[i] * factor);

  optimizer_->zero_grad();
  auto logits = logits_of(batch.inputs, head_only);
  auto loss = task_->loss(logits, batch.targets);
  loss.backward();
  optimizer_->step();

  double value = loss.item<double>();
  if (!std::isfinite(value))
    throw Error("stage " + spec_.name + ": the loss became " +
                std::to_string(value) + " at epoch " +
                std::to_string(clock.epoch + 1) + "; lower the learning rate");
  tally.add(logits.detach(), batch.targets, value);
  env_.log->debug("{} epoch {} step {}/{}: loss {:.4f}", spec_.name,
                  clock.epoch + 1, clock.step + 1, clock.steps_per_epoch,
                  value);

  state_.epoch = clock.epoch;
  state_.step = clock.step + 1;
  state_.steps_per_epoch = clock.steps_per_epoch;
  state_.images_seen = tally.count;
  state_.batch_loss = value;
  state_.epoch_seconds = seconds_since(epoch_start);
  for (auto& callback : callbacks_) callback->batch_end(state_);
}

Metrics StageRunner::epoch_metrics(const Tally& tally, double seconds) {
  train_seconds_ += seconds;
  train_images_ += tally.count;
  Metrics metrics;
  metrics["train_loss"] = tally.loss();
  metrics["train_accuracy"] = tally.accuracy();
  metrics["lr"] = optimizer_->param_groups()[0].options().get_lr();
  metrics["images_per_second"] = seconds > 0 ? tally.count / seconds : 0;
  return metrics;
}

// The model's (or, on cached features, the head's) outputs, under bf16
// autocast when asked; always fp32, so the loss is in full precision.
torch::Tensor StageRunner::logits_of(const torch::Tensor& inputs,
                                     bool head_only) {
  torch::Tensor logits;
  {
    Autocast autocast(env_.device, env_.bf16);
    logits =
        head_only ? model_->head().forward(inputs) : model_->forward(inputs);
  }
  return logits.to(torch::kFloat32);
}

torch::Tensor StageRunner::predict(const torch::Tensor& images) {
  torch::InferenceMode inference;
  model_->eval();
  return logits_of(to_inputs(images), /*head_only=*/false).cpu();
}

Tally StageRunner::evaluate(bool with_confusion) {
  torch::InferenceMode inference;
  model_->eval();
  Tally tally;
  if (with_confusion) {
    int64_t k = static_cast<int64_t>(outputs_.size());
    tally.confusion = torch::zeros({k, k}, torch::kInt64);
  }
  if (val_cache_.features.defined()) {
    auto logits = logits_of(val_cache_.features, /*head_only=*/true);
    tally.add(logits, val_cache_.targets,
              task_->loss(logits, val_cache_.targets).item<double>());
    return tally;
  }
  // The same draws every epoch, so validation numbers are comparable.
  std::mt19937_64 rng(env_.seed + 1);
  val_loader_->start_epoch(0);
  ImageBatch raw;
  while (val_loader_->next(raw)) {
    Batch batch = task_->prepare(
        {to_inputs(raw.images), raw.labels.to(env_.device)}, rng);
    auto logits = logits_of(batch.inputs, /*head_only=*/false);
    tally.add(logits, batch.targets,
              task_->loss(logits, batch.targets).item<double>());
  }
  return tally;
}

StageOutcome StageRunner::run() {
  auto start = Clock_::now();
  stage_start_ = start;
  rng_.seed(env_.seed);
  build();

  const auto& log = env_.log;
  log->info("stage {}: {} training images, {} validation images, {} epochs",
            spec_.name, train_data_->size(), val_data_ ? val_data_->size() : 0,
            spec_.epochs);

  bool use_cache = spec_.backbone.freeze && spec_.backbone.cache_features &&
                   augment_.empty() && task_->is_deterministic();
  if (spec_.backbone.precise_bn) reestimate_batch_norm();
  if (use_cache) cache_features();

  StageState& state = state_;
  state.stage = spec_.name;
  state.epochs = spec_.epochs;
  state.model = model_.get();
  state.run_dir = env_.run_dir;
  state.checkpoint_dir = env_.run_dir / "checkpoints" / spec_.name;
  state.val_data = val_data_.get();
  state.output_names = outputs_;
  state.predict = [this](const torch::Tensor& images) {
    return predict(images);
  };
  fs::create_directories(state.checkpoint_dir);
  for (auto& callback : callbacks_) callback->stage_begin(state);

  for (int64_t epoch = 0; epoch < spec_.epochs; ++epoch) {
    auto epoch_start = Clock_::now();
    Metrics metrics =
        use_cache ? train_epoch_on_features(epoch) : train_epoch(epoch);
    std::string task_metric_text;
    if (val_loader_) {
      auto val_start = Clock_::now();
      Tally val = evaluate(/*with_confusion=*/true);
      double val_seconds = seconds_since(val_start);
      metrics["val_loss"] = val.loss();
      metrics["val_accuracy"] = val.accuracy();
      for (const auto& [name, value] :
           task_->confusion_metrics(val.confusion)) {
        metrics["val_" + name] = value;
        task_metric_text += fmt::format(" val_{} {:.4f}", name, value);
      }
      metrics["val_images_per_second"] =
          val_seconds > 0 ? val.count / val_seconds : 0;
    }
    metrics["epoch"] = static_cast<double>(epoch + 1);
    metrics["rss_mib"] = resident_mib();
    metrics["seconds"] = seconds_since(epoch_start);
    history_.push_back(metrics);

    if (scheduler_) scheduler_->epoch_end(metrics);
    state.epoch = epoch;
    state.metrics = metrics;
    state.history = history_;
    for (auto& callback : callbacks_) callback->epoch_end(state);
    if (env_.on_epoch) env_.on_epoch(spec_.name, metrics);

    std::string line =
        fmt::format("{} epoch {}/{}: train_loss {:.4f} train_accuracy {:.4f}",
                    spec_.name, epoch + 1, spec_.epochs, metrics["train_loss"],
                    metrics["train_accuracy"]);
    if (val_loader_)
      line += fmt::format(" val_loss {:.4f} val_accuracy {:.4f}",
                          metrics["val_loss"], metrics["val_accuracy"]) +
              task_metric_text;
    line += fmt::format(" lr {:.3g} ({:.0f} images/s, {:.1f} s)", metrics["lr"],
                        metrics["images_per_second"], metrics["seconds"]);
    log->info(line);
    if (state.stop) {
      log->info("{}: stopped early after epoch {}", spec_.name, epoch + 1);
      break;
    }
  }
  for (auto& callback : callbacks_) callback->stage_end(state);

  StageOutcome outcome;
  outcome.backbone.weights = state_dict(model_->backbone());
  outcome.backbone.normalization = normalization_;
  write_state_dict(outcome.backbone.weights,
                   state.checkpoint_dir / "backbone.pt");
  write_state_dict(state_dict(*model_), state.checkpoint_dir / "model.pt");

  double images_per_second =
      train_seconds_ > 0 ? train_images_ / train_seconds_ : 0;
  outcome.summary = summarize(seconds_since(start), images_per_second);
  return outcome;
}

nlohmann::json StageRunner::summarize(double wall_seconds,
                                      double images_per_second) {
  nlohmann::json summary;
  summary["epochs_run"] = history_.size();
  summary["wall_seconds"] = wall_seconds;
  summary["train_images_per_second"] = images_per_second;
  if (first_batch_seconds_ >= 0)
    summary["seconds_to_first_batch"] = first_batch_seconds_;
  summary["final"] = history_.back();

  // Best epoch: highest validation accuracy, else lowest training loss.
  bool has_val = history_.back().count("val_accuracy") > 0;
  size_t best = 0;
  for (size_t i = 1; i < history_.size(); ++i) {
    bool better =
        has_val
            ? history_[i].at("val_accuracy") > history_[best].at("val_accuracy")
            : history_[i].at("train_loss") < history_[best].at("train_loss");
    if (better) best = i;
  }
  summary["best"] = history_[best];

  if (val_loader_) {
    Tally final_val = evaluate(true);
    auto confusion = final_val.confusion;
    nlohmann::json per_class;
    std::vector<std::vector<int64_t>> matrix;
    for (int64_t i = 0; i < confusion.size(0); ++i) {
      auto row = confusion[i];
      int64_t total = row.sum().item<int64_t>();
      per_class[outputs_[i]] =
          total ? static_cast<double>(row[i].item<int64_t>()) / total : NAN;
      std::vector<int64_t> cells(row.data_ptr<int64_t>(),
                                 row.data_ptr<int64_t>() + row.size(0));
      matrix.push_back(cells);
    }
    summary["classes"] = outputs_;
    summary["per_class_accuracy"] = per_class;
    summary["confusion_matrix"] = matrix;
  }
  return summary;
}

}  // namespace

StageData open_stage_data(const StageSpec& spec, const StageEnvironment& env) {
  const PluginRegistry& registry = *env.registry;
  Context context = plugin_context(spec, env);

  // Data errors name the recipe key whose dataset failed.
  auto open = [&](const ComponentSpec& dataset) {
    try {
      return registry.create_as<Dataset>(dataset.plugin, dataset.options,
                                         context);
    } catch (const DataError& e) {
      throw DataError(dataset.key_path + ": " + e.what());
    }
  };
  StageData data;
  data.train = open(spec.train);
  if (spec.val) data.val = open(*spec.val);

  if (data.train->size() == 0)
    throw DataError(spec.train.key_path + ": the training set is empty");
  auto task =
      registry.create_as<Task>(spec.task.plugin, spec.task.options, context);
  bool labeled = !data.train->class_names().empty();
  if (task->needs_labels() && !labeled)
    throw InputError(spec.task.key_path + ": task " + spec.task.plugin +
                     " needs labels, but " + spec.train.key_path +
                     " is unlabeled");
  return data;
}

StageOutcome train_stage(const StageSpec& spec, const StageEnvironment& env,
                         StageData data) {
  return StageRunner(spec, env, std::move(data)).run();
}

}  // namespace pretext
