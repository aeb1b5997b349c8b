"""Unpacks an image archive written by the .NET SDK (ContainerArchiveOutputPath) into a root
filesystem and its config: <dest>/rootfs and <dest>/config.json. Layers are applied in order,
with OCI whiteouts honoured, so the tree is what a container runtime would start."""
import json, os, shutil, sys, tarfile

archive, dest = sys.argv[1], sys.argv[2]
shutil.rmtree(dest, ignore_errors=True)
rootfs = os.path.join(dest, "rootfs")
os.makedirs(rootfs)
with tarfile.open(archive) as outer:
    names = outer.getnames()
    if "manifest.json" in names:  # Docker's archive format
        manifest = json.load(outer.extractfile("manifest.json"))[0]
        config = json.load(outer.extractfile(manifest["Config"]))
        layers = manifest["Layers"]
    else:  # an OCI layout
        index = json.load(outer.extractfile("index.json"))
        blob = lambda digest: "blobs/" + digest.replace(":", "/")
        image_manifest = json.load(outer.extractfile(blob(index["manifests"][0]["digest"])))
        config = json.load(outer.extractfile(blob(image_manifest["config"]["digest"])))
        layers = [blob(layer["digest"]) for layer in image_manifest["layers"]]
    for layer in layers:
        with tarfile.open(fileobj=outer.extractfile(layer)) as tar:
            members = []
            for member in tar.getmembers():
                directory, name = os.path.split(member.name)
                if name == ".wh..wh..opq":
                    target = os.path.join(rootfs, directory)
                    for entry in os.listdir(target) if os.path.isdir(target) else []:
                        path = os.path.join(target, entry)
                        shutil.rmtree(path) if os.path.isdir(path) and not os.path.islink(path) else os.remove(path)
                elif name.startswith(".wh."):
                    path = os.path.join(rootfs, directory, name[4:])
                    if os.path.lexists(path):
                        shutil.rmtree(path) if os.path.isdir(path) and not os.path.islink(path) else os.remove(path)
                else:
                    members.append(member)
            tar.extractall(rootfs, members=members, numeric_owner=True, filter="tar" if hasattr(tarfile, "data_filter") else None)
with open(os.path.join(dest, "config.json"), "w") as out:
    json.dump(config, out, indent=2)
