#include <fstream>
#include <iterator>

#include <torch/serialize.h>

#include "pretext/backbone.h"
#include "pretext/error.h"
#include "pretext/files.h"
#include "torch_pickle.h"

namespace pretext {
namespace fs = std::filesystem;

std::string Backbone::map_weight_name(const std::string& name) const {
  return name;
}

StateDict state_dict(const torch::nn::Module& module) {
  StateDict weights;
  for (const auto& item : module.named_parameters())
    weights[item.key()] = item.value().detach().clone().cpu();
  for (const auto& item : module.named_buffers())
    weights[item.key()] = item.value().detach().clone().cpu();
  return weights;
}

void load_state_dict(
    torch::nn::Module& module, const StateDict& weights,
    const std::string& source,
    const std::function<std::string(const std::string&)>& rename) {
  std::map<std::string, torch::Tensor> targets;
  for (const auto& item : module.named_parameters())
    targets[item.key()] = item.value();
  for (const auto& item : module.named_buffers())
    targets[item.key()] = item.value();

  std::map<std::string, bool> loaded;
  torch::NoGradGuard no_grad;
  for (const auto& [foreign_name, tensor] : weights) {
    std::string name = rename ? rename(foreign_name) : foreign_name;
    if (name.empty()) continue;
    auto target = targets.find(name);
    if (target == targets.end())
      throw InputError(source + ": unexpected weight \"" + foreign_name +
                       "\" for this model");
    if (target->second.sizes() != tensor.sizes())
      throw InputError(source + ": weight \"" + foreign_name + "\" has shape " +
                       c10::str(tensor.sizes()) + ", the model expects " +
                       c10::str(target->second.sizes()));
    target->second.copy_(tensor);
    loaded[name] = true;
  }
  for (const auto& [name, tensor] : targets)
    if (!loaded.count(name))
      throw InputError(source + ": no weight for \"" + name + "\"");
}

StateDict read_state_dict(const fs::path& path) {
  if (!fs::is_regular_file(path))
    throw InputError(path.string() + ": cannot open weights file");
  return read_torch_save(path);
}

void write_state_dict(const StateDict& weights, const fs::path& path) {
  c10::Dict<std::string, torch::Tensor> dict;
  for (const auto& [name, tensor] : weights) dict.insert(name, tensor.cpu());
  std::vector<char> bytes = torch::pickle_save(c10::IValue(dict));
  write_file_atomically(path, std::string(bytes.begin(), bytes.end()));
}

}  // namespace pretext
