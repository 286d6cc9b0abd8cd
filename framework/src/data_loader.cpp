#include "pretext/data_loader.h"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "pretext/error.h"

namespace pretext {
namespace {

// One generator per (seed, epoch, sample), so results do not depend on
// which worker made the sample.
std::mt19937_64 sample_rng(uint64_t seed, int64_t epoch, int64_t index) {
  std::seed_seq sequence{
      static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32),
      static_cast<uint32_t>(epoch), static_cast<uint32_t>(index),
      static_cast<uint32_t>(index >> 32)};
  return std::mt19937_64(sequence);
}

}  // namespace

DataLoader::DataLoader(
    std::shared_ptr<const Dataset> dataset,
    std::vector<std::shared_ptr<const Augmentation>> augmentations,
    LoaderOptions options)
    : dataset_(std::move(dataset)),
      augmentations_(std::move(augmentations)),
      options_(options) {
  order_.resize(dataset_->size());
  std::iota(order_.begin(), order_.end(), 0);
}

DataLoader::~DataLoader() { stop_workers(); }

int64_t DataLoader::batches_per_epoch() const {
  int64_t size = dataset_->size();
  int64_t batches = options_.drop_last ? size / options_.batch_size
                                       : (size + options_.batch_size - 1) /
                                             options_.batch_size;
  if (options_.max_batches > 0)
    batches = std::min(batches, options_.max_batches);
  return batches;
}

void DataLoader::stop_workers() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  for (auto& worker : workers_) worker.join();
  workers_.clear();
}

void DataLoader::start_epoch(int64_t epoch) {
  stop_workers();

  epoch_ = epoch;
  std::iota(order_.begin(), order_.end(), 0);
  if (options_.shuffle) {
    std::mt19937_64 rng = sample_rng(options_.seed, epoch, -1);
    std::shuffle(order_.begin(), order_.end(), rng);
  }
  batches_ = batches_per_epoch();
  next_to_make_ = 0;
  next_to_take_ = 0;
  ready_.clear();
  error_ = nullptr;
  stopping_ = false;

  int64_t count = std::max<int64_t>(1, options_.workers);
  for (int64_t i = 0; i < count; ++i) workers_.emplace_back([this] { work(); });
}

void DataLoader::work() {
  while (true) {
    int64_t index = 0;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [this] {
        return stopping_ || next_to_make_ >= batches_ ||
               next_to_make_ < next_to_take_ + options_.prefetch;
      });
      if (stopping_ || next_to_make_ >= batches_) return;
      index = next_to_make_++;
    }
    try {
      ImageBatch batch = make_batch(index);
      std::lock_guard<std::mutex> lock(mutex_);
      ready_[index] = std::move(batch);
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!error_) error_ = std::current_exception();
      stopping_ = true;
    }
    changed_.notify_all();
  }
}

ImageBatch DataLoader::make_batch(int64_t batch_index) {
  int64_t begin = batch_index * options_.batch_size;
  int64_t end = std::min<int64_t>(begin + options_.batch_size, order_.size());
  int64_t count = end - begin;

  torch::Tensor images;
  auto labels = torch::empty({count}, torch::kInt64);
  auto* label_out = labels.data_ptr<int64_t>();
  for (int64_t i = 0; i < count; ++i) {
    int64_t index = order_[begin + i];
    Sample sample = dataset_->get(index);
    if (!augmentations_.empty()) {
      std::mt19937_64 rng = sample_rng(options_.seed, epoch_, index);
      for (const auto& augmentation : augmentations_)
        augmentation->apply(sample.image, rng);
    }
    const Image& image = sample.image;
    if (!images.defined())
      images =
          torch::empty({count, image.height, image.width, 3}, torch::kUInt8);
    if (image.height != images.size(1) || image.width != images.size(2))
      throw DataError(
          dataset_->describe(index) + ": image is " +
          std::to_string(image.width) + "x" + std::to_string(image.height) +
          ", the batch is " + std::to_string(images.size(2)) + "x" +
          std::to_string(images.size(1)) + "; give the dataset an image_size");
    std::memcpy(images[i].data_ptr<uint8_t>(), image.pixels.data(),
                image.pixels.size());
    label_out[i] = sample.label;
  }
  return ImageBatch{images, labels};
}

bool DataLoader::next(ImageBatch& batch) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (next_to_take_ >= batches_) return false;
  changed_.wait(lock,
                [this] { return error_ || ready_.count(next_to_take_) > 0; });
  if (error_) std::rethrow_exception(error_);
  auto found = ready_.find(next_to_take_);
  batch = std::move(found->second);
  ready_.erase(found);
  ++next_to_take_;
  lock.unlock();
  changed_.notify_all();
  return true;
}

}  // namespace pretext
