#include "pretext/file_dataset.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <random>
#include <thread>

namespace pretext {

FileDataset::FileDataset(std::vector<Entry> entries,
                         std::vector<std::string> class_names, int image_size,
                         bool keep_decoded, int threads)
    : entries_(std::move(entries)),
      class_names_(std::move(class_names)),
      image_size_(image_size) {
  if (!keep_decoded) return;

  // Decode on several threads; the first error wins and is rethrown.
  std::vector<Image> decoded(entries_.size());
  std::atomic<size_t> next{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto work = [&] {
    for (size_t i = next++; i < decoded.size(); i = next++) {
      try {
        decoded[i] = load(static_cast<int64_t>(i));
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
        next = decoded.size();
      }
    }
  };
  std::vector<std::thread> pool;
  for (int i = 0; i < std::max(1, threads); ++i) pool.emplace_back(work);
  for (auto& thread : pool) thread.join();
  if (error) std::rethrow_exception(error);
  decoded_ = std::move(decoded);
}

int64_t FileDataset::size() const {
  return static_cast<int64_t>(entries_.size());
}

Image FileDataset::load(int64_t index) const {
  Image image = read_image(entries_[index].file);
  if (image_size_ > 0) image = resize(image, image_size_, image_size_);
  return image;
}

Sample FileDataset::get(int64_t index) const {
  Sample sample;
  sample.image = decoded_.empty() ? load(index) : decoded_[index];
  sample.label = entries_[index].label;
  return sample;
}

std::vector<std::string> FileDataset::class_names() const {
  return class_names_;
}

std::string FileDataset::describe(int64_t index) const {
  return entries_[index].file.string();
}

std::vector<FileDataset::Entry> FileDataset::take_per_class(
    std::vector<Entry> entries, int64_t per_class, uint64_t seed) {
  if (per_class <= 0) return entries;

  std::vector<size_t> order(entries.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937_64 rng(seed);
  std::shuffle(order.begin(), order.end(), rng);

  std::map<int64_t, int64_t> taken;
  std::vector<size_t> kept;
  for (size_t i : order)
    if (taken[entries[i].label]++ < per_class) kept.push_back(i);
  std::sort(kept.begin(), kept.end());

  std::vector<Entry> result;
  for (size_t i : kept) result.push_back(std::move(entries[i]));
  return result;
}

std::vector<OptionSpec> FileDataset::common_options(
    int64_t image_size, const std::string& size_note) {
  return {
      option::integer("per_class", 0,
                      "images kept per class, picked by seed; 0 keeps all")
          .at_least(0),
      option::integer("seed", 0, "which images per_class keeps").at_least(0),
      option::boolean("labeled", true,
                      "false hides the labels (for pretext tasks)"),
      option::integer("image_size", image_size,
                      "resize to this square side; " + size_note)
          .at_least(0),
      option::boolean("keep_decoded", false,
                      "decode every image once and keep it in memory (H x W "
                      "x 3 bytes each)"),
  };
}

FileDataset FileDataset::from_options(std::vector<Entry> entries,
                                      std::vector<std::string> class_names,
                                      const Options& options) {
  entries = take_per_class(std::move(entries), options.integer("per_class"),
                           static_cast<uint64_t>(options.integer("seed")));
  if (!options.boolean("labeled")) {
    class_names.clear();
    for (auto& entry : entries) entry.label = -1;
  }
  return FileDataset(std::move(entries), std::move(class_names),
                     static_cast<int>(options.integer("image_size")),
                     options.boolean("keep_decoded"));
}

}  // namespace pretext
