// Predict the dataset's own labels.

#include <torch/torch.h>

#include "pretext/task.h"

namespace {

class Classification : public pretext::Task {
 public:
  Classification(const pretext::Options& options, const pretext::Context&)
      : smoothing_(options.number("label_smoothing")) {}

  bool needs_labels() const override { return true; }

  std::vector<std::string> output_names(
      const pretext::Dataset& data) const override {
    return data.class_names();
  }

  pretext::Batch prepare(pretext::Batch batch,
                         std::mt19937_64&) const override {
    return batch;
  }

  torch::Tensor loss(const torch::Tensor& logits,
                     const torch::Tensor& targets) const override {
    return torch::nn::functional::cross_entropy(
        logits, targets,
        torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(
            smoothing_));
  }

 private:
  double smoothing_;
};

pretext::PluginInfo describe() {
  pretext::PluginInfo info;
  info.name = "classification";
  info.kind = pretext::PluginKind::task;
  info.version = "1.0.0";
  info.summary = "supervised classification with the dataset's labels";
  info.options = {
      pretext::option::number("label_smoothing", 0.0,
                              "share of the target spread over all classes")
          .at_least(0)
          .at_most(0.5),
  };
  info.create = pretext::factory_of<Classification>();
  return info;
}

}  // namespace

PRETEXT_PLUGIN(describe)
