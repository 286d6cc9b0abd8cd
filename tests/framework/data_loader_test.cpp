#include "pretext/data_loader.h"

#include <gtest/gtest.h>

#include "pretext/error.h"

namespace pretext {
namespace {

// Image i is filled with the value i; label is i too.
class CountingDataset : public Dataset {
 public:
  explicit CountingDataset(int64_t size, int64_t broken = -1)
      : size_(size), broken_(broken) {}
  int64_t size() const override { return size_; }
  Sample get(int64_t index) const override {
    if (index == broken_)
      throw DataError("image " + std::to_string(index) + " is corrupt");
    Sample sample;
    sample.image.height = sample.image.width = 2;
    sample.image.pixels.assign(12, static_cast<uint8_t>(index));
    sample.label = index;
    return sample;
  }
  std::vector<std::string> class_names() const override { return {}; }

 private:
  int64_t size_;
  int64_t broken_;
};

// Adds a random amount to every pixel, to show augmentation is seeded.
class Jitter : public Augmentation {
 public:
  void apply(Image& image, std::mt19937_64& rng) const override {
    uint8_t shift = static_cast<uint8_t>(rng() % 100);
    for (auto& value : image.pixels) value = value + shift;
  }
};

std::vector<torch::Tensor> epoch_of(DataLoader& loader, int64_t epoch) {
  loader.start_epoch(epoch);
  std::vector<torch::Tensor> batches;
  ImageBatch batch;
  while (loader.next(batch)) batches.push_back(batch.images.clone());
  return batches;
}

TEST(DataLoader, GivesEverySampleOnceInBatchesInOrder) {
  LoaderOptions options;
  options.batch_size = 4;
  options.workers = 3;
  DataLoader loader(std::make_shared<CountingDataset>(10), {}, options);
  EXPECT_EQ(loader.batches_per_epoch(), 3);
  loader.start_epoch(0);
  std::vector<int64_t> labels;
  ImageBatch batch;
  while (loader.next(batch)) {
    EXPECT_EQ(batch.images.dim(), 4);
    for (int64_t i = 0; i < batch.labels.size(0); ++i)
      labels.push_back(batch.labels[i].item<int64_t>());
  }
  std::vector<int64_t> expected = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  EXPECT_EQ(labels, expected);
}

TEST(DataLoader, DropLastAndMaxBatchesLimitTheEpoch) {
  LoaderOptions options;
  options.batch_size = 4;
  options.drop_last = true;
  DataLoader loader(std::make_shared<CountingDataset>(10), {}, options);
  EXPECT_EQ(loader.batches_per_epoch(), 2);
  options.max_batches = 1;
  DataLoader limited(std::make_shared<CountingDataset>(10), {}, options);
  EXPECT_EQ(epoch_of(limited, 0).size(), 1u);
}

TEST(DataLoader, ShuffledAugmentedBatchesDependOnlyOnSeedAndEpoch) {
  auto data = std::make_shared<CountingDataset>(37);
  std::vector<std::shared_ptr<const Augmentation>> augment = {
      std::make_shared<Jitter>()};
  LoaderOptions options;
  options.batch_size = 5;
  options.shuffle = true;
  options.seed = 11;
  options.workers = 1;
  DataLoader one_worker(data, augment, options);
  options.workers = 4;
  DataLoader four_workers(data, augment, options);

  auto a = epoch_of(one_worker, 2);
  auto b = epoch_of(four_workers, 2);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(a[i].equal(b[i]));

  auto next_epoch = epoch_of(four_workers, 3);
  EXPECT_FALSE(next_epoch[0].equal(a[0]));
}

TEST(DataLoader, AWorkersErrorReachesTheCaller) {
  LoaderOptions options;
  options.batch_size = 2;
  DataLoader loader(std::make_shared<CountingDataset>(8, 5), {}, options);
  loader.start_epoch(0);
  ImageBatch batch;
  try {
    while (loader.next(batch)) {
    }
    FAIL() << "expected a DataError";
  } catch (const DataError& e) {
    EXPECT_STREQ(e.what(), "image 5 is corrupt");
  }
}

TEST(DataLoader, CanBeRestartedBeforeAnEpochIsFinished) {
  LoaderOptions options;
  options.batch_size = 1;
  DataLoader loader(std::make_shared<CountingDataset>(50), {}, options);
  loader.start_epoch(0);
  ImageBatch batch;
  ASSERT_TRUE(loader.next(batch));
  EXPECT_EQ(epoch_of(loader, 1).size(), 50u);
}

}  // namespace
}  // namespace pretext
