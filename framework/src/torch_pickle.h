// Reads the tensors of a file written by Python's torch.save (a zip holding
// a pickle and raw storages), for state dicts LibTorch's own unpickler
// cannot read (it drops collections.OrderedDict). Internal to the framework.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include <torch/types.h>

namespace pretext {

/// The string-keyed tensors of the top-level dict in a torch.save file.
/// Throws InputError naming the file for anything else.
std::map<std::string, torch::Tensor> read_torch_save(
    const std::filesystem::path& file);

}  // namespace pretext
