#!/usr/bin/env python3
"""Four-camera vehicle counter: DeepStream through GStreamer's Python bindings and pyds.

    python3 app.py

Builds the pipeline with Gst.parse_launch, counts the vehicles of every batch in a pad probe on
the OSD's sink pad, and marks each batch and the per-object loop with NVTX ranges so that an
Nsight Systems capture (`nsys profile -t cuda,nvtx,osrt python3 app.py`, or Sightline's
"Profile on Jetson") shows where the time goes. See README.md for what is wrong here.
"""
import sys

import gi

gi.require_version("Gst", "1.0")
from gi.repository import GLib, Gst  # noqa: E402

import nvtx  # noqa: E402  (pip install nvtx)
import pyds  # noqa: E402  (DeepStream Python bindings)

STREAMS = "/opt/nvidia/deepstream/deepstream/samples/streams"
CAR = 0

# Four files into one batch of four: detector, tracker, vehicle-type classifier, 2x2 tiles, OSD.
PIPELINE = (
    "nvstreammux name=mux batch-size=4 width=1920 height=1080 batched-push-timeout=40000 ! "
    "nvinfer config-file-path=config_infer_primary.txt ! "
    "nvtracker ll-lib-file=/opt/nvidia/deepstream/deepstream/lib/libnvds_nvmultiobjecttracker.so "
    "ll-config-file=/opt/nvidia/deepstream/deepstream/samples/configs/deepstream-app/config_tracker_NvDCF_perf.yml ! "
    "nvinfer config-file-path=config_infer_secondary_vehicletype.txt ! "
    "nvmultistreamtiler rows=2 columns=2 width=1920 height=1080 ! "
    "nvvideoconvert ! nvdsosd name=osd process-mode=0 ! "
    "nveglglessink sync=1 "
    f"uridecodebin uri=file://{STREAMS}/sample_1080p_h264.mp4 ! mux.sink_0 "
    f"uridecodebin uri=file://{STREAMS}/sample_1080p_h265.mp4 ! mux.sink_1 "
    f"uridecodebin uri=file://{STREAMS}/sample_1080p_h264.mp4 ! mux.sink_2 "
    f"uridecodebin uri=file://{STREAMS}/sample_720p.mp4 ! mux.sink_3"
)

counts = {}


def count_vehicles(pad, info, _data):
    """OSD sink-pad probe: count cars per source, one NVTX range per batch."""
    buffer = info.get_buffer()
    if not buffer:
        return Gst.PadProbeReturn.OK
    with nvtx.annotate("batch", color="green"):
        batch = pyds.gst_buffer_get_nvds_batch_meta(hash(buffer))
        frames = batch.frame_meta_list
        while frames is not None:
            frame = pyds.NvDsFrameMeta.cast(frames.data)
            # Walks every object of every frame in Python, on the streaming thread.
            with nvtx.annotate("per_object_loop", color="red"):
                objects = frame.obj_meta_list
                while objects is not None:
                    obj = pyds.NvDsObjectMeta.cast(objects.data)
                    if obj.class_id == CAR:
                        counts[frame.source_id] = counts.get(frame.source_id, 0) + 1
                    objects = objects.next
            frames = frames.next
    return Gst.PadProbeReturn.OK


def on_message(_bus, message, loop):
    if message.type == Gst.MessageType.EOS:
        loop.quit()
    elif message.type == Gst.MessageType.ERROR:
        err, debug = message.parse_error()
        print(f"error from {message.src.get_name()}: {err.message}\n{debug}", file=sys.stderr)
        loop.quit()
    return True


def main():
    Gst.init(None)
    pipeline = Gst.parse_launch(PIPELINE)
    osd = pipeline.get_by_name("osd")
    osd.get_static_pad("sink").add_probe(Gst.PadProbeType.BUFFER, count_vehicles, None)

    loop = GLib.MainLoop()
    bus = pipeline.get_bus()
    bus.add_signal_watch()
    bus.connect("message", on_message, loop)
    pipeline.set_state(Gst.State.PLAYING)
    try:
        loop.run()
    finally:
        pipeline.set_state(Gst.State.NULL)
    for source, n in sorted(counts.items()):
        print(f"source {source}: {n} car detections")


if __name__ == "__main__":
    sys.exit(main())
