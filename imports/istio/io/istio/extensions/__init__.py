from __future__ import annotations

from pkgutil import extend_path
__path__ = extend_path(__path__, __name__)

import abc
import builtins
import datetime
import enum
import typing

import jsii
import publication
import typing_extensions

from jsii._type_checking import cached_type_hints, check_type


from ._jsii import *

class _LazyImport:
    def __init__(self, module_name: str) -> None:
        self._module_name = module_name
        self._module: typing.Any = None
    def __getattr__(self, name: str) -> typing.Any:
        if self._module is None:
            import importlib
            self._module = importlib.import_module(self._module_name)
        return getattr(self._module, name)

if typing.TYPE_CHECKING:

    import cdk8s as _cdk8s_d3d9af27
    import constructs as _constructs_77d1e7e8
else:

    _cdk8s_d3d9af27 = _LazyImport("cdk8s")
    _constructs_77d1e7e8 = _LazyImport("constructs")


class TrafficExtension(
    _cdk8s_d3d9af27.ApiObject,
    metaclass=jsii.JSIIMeta,
    jsii_type="istio_ioistioextensions.TrafficExtension",
):
    '''
    :schema: TrafficExtension
    '''

    def __init__(
        self,
        scope: "_constructs_77d1e7e8.Construct",
        id: builtins.str,
        *,
        spec: typing.Union["TrafficExtensionSpec", typing.Dict[builtins.str, typing.Any]],
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''Defines a "TrafficExtension" API object.

        :param scope: the scope in which to define this object.
        :param id: a scope-local name for the object.
        :param spec: Extend the functionality provided by the Istio proxy through WebAssembly or Lua filters. See more details at: https://istio.io/docs/reference/config/proxy_extensions/traffic_extension.html
        :param metadata: 
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__5d98d1f4f5da1be807004d059c1f7daa12e385028d367c199de37548467e3295)
            check_type(argname="argument scope", value=scope, expected_type=type_hints["scope"])
            check_type(argname="argument id", value=id, expected_type=type_hints["id"])
        props = TrafficExtensionProps(spec=spec, metadata=metadata)

        jsii.create(self.__class__, self, [scope, id, props])

    @jsii.member(jsii_name="manifest")
    @builtins.classmethod
    def manifest(
        cls,
        *,
        spec: typing.Union["TrafficExtensionSpec", typing.Dict[builtins.str, typing.Any]],
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> typing.Any:
        '''Renders a Kubernetes manifest for "TrafficExtension".

        This can be used to inline resource manifests inside other objects (e.g. as templates).

        :param spec: Extend the functionality provided by the Istio proxy through WebAssembly or Lua filters. See more details at: https://istio.io/docs/reference/config/proxy_extensions/traffic_extension.html
        :param metadata: 
        '''
        props = TrafficExtensionProps(spec=spec, metadata=metadata)

        return typing.cast(typing.Any, jsii.sinvoke(cls, "manifest", [props]))

    @jsii.member(jsii_name="toJson")
    def to_json(self) -> typing.Any:
        '''Renders the object to Kubernetes JSON.'''
        return typing.cast(typing.Any, jsii.invoke(self, "toJson", []))

    @jsii.python.classproperty
    @jsii.member(jsii_name="GVK")
    def GVK(cls) -> "_cdk8s_d3d9af27.GroupVersionKind":
        '''Returns the apiVersion and kind for "TrafficExtension".'''
        return typing.cast("_cdk8s_d3d9af27.GroupVersionKind", jsii.sget(cls, "GVK"))


@jsii.data_type(
    jsii_type="istio_ioistioextensions.TrafficExtensionProps",
    jsii_struct_bases=[],
    name_mapping={"spec": "spec", "metadata": "metadata"},
)
class TrafficExtensionProps:
    def __init__(
        self,
        *,
        spec: typing.Union["TrafficExtensionSpec", typing.Dict[builtins.str, typing.Any]],
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''
        :param spec: Extend the functionality provided by the Istio proxy through WebAssembly or Lua filters. See more details at: https://istio.io/docs/reference/config/proxy_extensions/traffic_extension.html
        :param metadata: 

        :schema: TrafficExtension
        '''
        if isinstance(spec, dict):
            spec = TrafficExtensionSpec(**spec)
        if isinstance(metadata, dict):
            metadata = _cdk8s_d3d9af27.ApiObjectMetadata(**metadata)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__a04b6591fc9b01449da8889aafb7914e993ee48e3ccf629e5d1bccb736cc3ddc)
            check_type(argname="argument spec", value=spec, expected_type=type_hints["spec"])
            check_type(argname="argument metadata", value=metadata, expected_type=type_hints["metadata"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "spec": spec,
        }
        if metadata is not None:
            self._values["metadata"] = metadata

    @builtins.property
    def spec(self) -> "TrafficExtensionSpec":
        '''Extend the functionality provided by the Istio proxy through WebAssembly or Lua filters.

        See more details at: https://istio.io/docs/reference/config/proxy_extensions/traffic_extension.html

        :schema: TrafficExtension#spec
        '''
        result = self._values.get("spec")
        assert result is not None, "Required property 'spec' is missing"
        return typing.cast("TrafficExtensionSpec", result)

    @builtins.property
    def metadata(self) -> typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"]:
        '''
        :schema: TrafficExtension#metadata
        '''
        result = self._values.get("metadata")
        return typing.cast(typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "TrafficExtensionProps(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="istio_ioistioextensions.TrafficExtensionSpec",
    jsii_struct_bases=[],
    name_mapping={
        "lua": "lua",
        "match": "match",
        "phase": "phase",
        "priority": "priority",
        "selector": "selector",
        "target_refs": "targetRefs",
        "wasm": "wasm",
    },
)
class TrafficExtensionSpec:
    def __init__(
        self,
        *,
        lua: typing.Optional[typing.Union["TrafficExtensionSpecLua", typing.Dict[builtins.str, typing.Any]]] = None,
        match: typing.Optional[typing.Sequence[typing.Union["TrafficExtensionSpecMatch", typing.Dict[builtins.str, typing.Any]]]] = None,
        phase: typing.Optional["TrafficExtensionSpecPhase"] = None,
        priority: typing.Optional[jsii.Number] = None,
        selector: typing.Optional[typing.Union["TrafficExtensionSpecSelector", typing.Dict[builtins.str, typing.Any]]] = None,
        target_refs: typing.Optional[typing.Sequence[typing.Union["TrafficExtensionSpecTargetRefs", typing.Dict[builtins.str, typing.Any]]]] = None,
        wasm: typing.Optional[typing.Union["TrafficExtensionSpecWasm", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''Extend the functionality provided by the Istio proxy through WebAssembly or Lua filters.

        See more details at: https://istio.io/docs/reference/config/proxy_extensions/traffic_extension.html

        :param lua: Lua filter configuration.
        :param match: Specifies the criteria to determine which traffic is passed to TrafficExtension.
        :param phase: Determines where in the filter chain this ``TrafficExtension`` is to be injected. Valid Options: AUTHN, AUTHZ, STATS
        :param priority: Determines ordering of ``TrafficExtensions`` in the same ``phase``.
        :param selector: Optional.
        :param target_refs: Optional.
        :param wasm: WebAssembly filter configuration.

        :schema: TrafficExtensionSpec
        '''
        if isinstance(lua, dict):
            lua = TrafficExtensionSpecLua(**lua)
        if isinstance(selector, dict):
            selector = TrafficExtensionSpecSelector(**selector)
        if isinstance(wasm, dict):
            wasm = TrafficExtensionSpecWasm(**wasm)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__3e822c3e72f336a28153e7e2eace758a263e1240bbf6e3b599e6ade835f2e44a)
            check_type(argname="argument lua", value=lua, expected_type=type_hints["lua"])
            check_type(argname="argument match", value=match, expected_type=type_hints["match"])
            check_type(argname="argument phase", value=phase, expected_type=type_hints["phase"])
            check_type(argname="argument priority", value=priority, expected_type=type_hints["priority"])
            check_type(argname="argument selector", value=selector, expected_type=type_hints["selector"])
            check_type(argname="argument target_refs", value=target_refs, expected_type=type_hints["target_refs"])
            check_type(argname="argument wasm", value=wasm, expected_type=type_hints["wasm"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if lua is not None:
            self._values["lua"] = lua
        if match is not None:
            self._values["match"] = match
        if phase is not None:
            self._values["phase"] = phase
        if priority is not None:
            self._values["priority"] = priority
        if selector is not None:
            self._values["selector"] = selector
        if target_refs is not None:
            self._values["target_refs"] = target_refs
        if wasm is not None:
            self._values["wasm"] = wasm

    @builtins.property
    def lua(self) -> typing.Optional["TrafficExtensionSpecLua"]:
        '''Lua filter configuration.

        :schema: TrafficExtensionSpec#lua
        '''
        result = self._values.get("lua")
        return typing.cast(typing.Optional["TrafficExtensionSpecLua"], result)

    @builtins.property
    def match(self) -> typing.Optional[typing.List["TrafficExtensionSpecMatch"]]:
        '''Specifies the criteria to determine which traffic is passed to TrafficExtension.

        :schema: TrafficExtensionSpec#match
        '''
        result = self._values.get("match")
        return typing.cast(typing.Optional[typing.List["TrafficExtensionSpecMatch"]], result)

    @builtins.property
    def phase(self) -> typing.Optional["TrafficExtensionSpecPhase"]:
        '''Determines where in the filter chain this ``TrafficExtension`` is to be injected.

        Valid Options: AUTHN, AUTHZ, STATS

        :schema: TrafficExtensionSpec#phase
        '''
        result = self._values.get("phase")
        return typing.cast(typing.Optional["TrafficExtensionSpecPhase"], result)

    @builtins.property
    def priority(self) -> typing.Optional[jsii.Number]:
        '''Determines ordering of ``TrafficExtensions`` in the same ``phase``.

        :schema: TrafficExtensionSpec#priority
        '''
        result = self._values.get("priority")
        return typing.cast(typing.Optional[jsii.Number], result)

    @builtins.property
    def selector(self) -> typing.Optional["TrafficExtensionSpecSelector"]:
        '''Optional.

        :schema: TrafficExtensionSpec#selector
        '''
        result = self._values.get("selector")
        return typing.cast(typing.Optional["TrafficExtensionSpecSelector"], result)

    @builtins.property
    def target_refs(
        self,
    ) -> typing.Optional[typing.List["TrafficExtensionSpecTargetRefs"]]:
        '''Optional.

        :schema: TrafficExtensionSpec#targetRefs
        '''
        result = self._values.get("target_refs")
        return typing.cast(typing.Optional[typing.List["TrafficExtensionSpecTargetRefs"]], result)

    @builtins.property
    def wasm(self) -> typing.Optional["TrafficExtensionSpecWasm"]:
        '''WebAssembly filter configuration.

        :schema: TrafficExtensionSpec#wasm
        '''
        result = self._values.get("wasm")
        return typing.cast(typing.Optional["TrafficExtensionSpecWasm"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "TrafficExtensionSpec(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="istio_ioistioextensions.TrafficExtensionSpecLua",
    jsii_struct_bases=[],
    name_mapping={"inline_code": "inlineCode"},
)
class TrafficExtensionSpecLua:
    def __init__(self, *, inline_code: builtins.str) -> None:
        '''Lua filter configuration.

        :param inline_code: The inline Lua code to be executed.

        :schema: TrafficExtensionSpecLua
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__73eadede41c7dab3159231965f837f9c36ec75573743c17ea6e6449f2281b6ca)
            check_type(argname="argument inline_code", value=inline_code, expected_type=type_hints["inline_code"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "inline_code": inline_code,
        }

    @builtins.property
    def inline_code(self) -> builtins.str:
        '''The inline Lua code to be executed.

        :schema: TrafficExtensionSpecLua#inlineCode
        '''
        result = self._values.get("inline_code")
        assert result is not None, "Required property 'inline_code' is missing"
        return typing.cast(builtins.str, result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "TrafficExtensionSpecLua(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="istio_ioistioextensions.TrafficExtensionSpecMatch",
    jsii_struct_bases=[],
    name_mapping={"mode": "mode", "ports": "ports"},
)
class TrafficExtensionSpecMatch:
    def __init__(
        self,
        *,
        mode: typing.Optional["TrafficExtensionSpecMatchMode"] = None,
        ports: typing.Optional[typing.Sequence[typing.Union["TrafficExtensionSpecMatchPorts", typing.Dict[builtins.str, typing.Any]]]] = None,
    ) -> None:
        '''
        :param mode: Criteria for selecting traffic by their direction. Valid Options: CLIENT, SERVER, CLIENT_AND_SERVER
        :param ports: Criteria for selecting traffic by their destination port.

        :schema: TrafficExtensionSpecMatch
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__06891f8c473307a5c10378d5998e329e350d5390ec2a3ba7b33c2ec9bae287ac)
            check_type(argname="argument mode", value=mode, expected_type=type_hints["mode"])
            check_type(argname="argument ports", value=ports, expected_type=type_hints["ports"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if mode is not None:
            self._values["mode"] = mode
        if ports is not None:
            self._values["ports"] = ports

    @builtins.property
    def mode(self) -> typing.Optional["TrafficExtensionSpecMatchMode"]:
        '''Criteria for selecting traffic by their direction.

        Valid Options: CLIENT, SERVER, CLIENT_AND_SERVER

        :schema: TrafficExtensionSpecMatch#mode
        '''
        result = self._values.get("mode")
        return typing.cast(typing.Optional["TrafficExtensionSpecMatchMode"], result)

    @builtins.property
    def ports(self) -> typing.Optional[typing.List["TrafficExtensionSpecMatchPorts"]]:
        '''Criteria for selecting traffic by their destination port.

        :schema: TrafficExtensionSpecMatch#ports
        '''
        result = self._values.get("ports")
        return typing.cast(typing.Optional[typing.List["TrafficExtensionSpecMatchPorts"]], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "TrafficExtensionSpecMatch(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.enum(jsii_type="istio_ioistioextensions.TrafficExtensionSpecMatchMode")
class TrafficExtensionSpecMatchMode(enum.Enum):
    '''Criteria for selecting traffic by their direction.

    Valid Options: CLIENT, SERVER, CLIENT_AND_SERVER

    :schema: TrafficExtensionSpecMatchMode
    '''

    UNDEFINED = "UNDEFINED"
    '''UNDEFINED.'''
    CLIENT = "CLIENT"
    '''CLIENT.'''
    SERVER = "SERVER"
    '''SERVER.'''
    CLIENT_UNDERSCORE_AND_UNDERSCORE_SERVER = "CLIENT_UNDERSCORE_AND_UNDERSCORE_SERVER"
    '''CLIENT_AND_SERVER.'''


@jsii.data_type(
    jsii_type="istio_ioistioextensions.TrafficExtensionSpecMatchPorts",
    jsii_struct_bases=[],
    name_mapping={"number": "number"},
)
class TrafficExtensionSpecMatchPorts:
    def __init__(self, *, number: jsii.Number) -> None:
        '''
        :param number: 

        :schema: TrafficExtensionSpecMatchPorts
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__5757115a93953679ef15fe79cad9122dc6cde74fc6b1664fd4ead10b74833483)
            check_type(argname="argument number", value=number, expected_type=type_hints["number"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "number": number,
        }

    @builtins.property
    def number(self) -> jsii.Number:
        '''
        :schema: TrafficExtensionSpecMatchPorts#number
        '''
        result = self._values.get("number")
        assert result is not None, "Required property 'number' is missing"
        return typing.cast(jsii.Number, result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "TrafficExtensionSpecMatchPorts(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.enum(jsii_type="istio_ioistioextensions.TrafficExtensionSpecPhase")
class TrafficExtensionSpecPhase(enum.Enum):
    '''Determines where in the filter chain this ``TrafficExtension`` is to be injected.

    Valid Options: AUTHN, AUTHZ, STATS

    :schema: TrafficExtensionSpecPhase
    '''

    UNSPECIFIED = "UNSPECIFIED"
    '''UNSPECIFIED.'''
    AUTHN = "AUTHN"
    '''AUTHN.'''
    AUTHZ = "AUTHZ"
    '''AUTHZ.'''
    STATS = "STATS"
    '''STATS.'''


@jsii.data_type(
    jsii_type="istio_ioistioextensions.TrafficExtensionSpecSelector",
    jsii_struct_bases=[],
    name_mapping={"match_labels": "matchLabels"},
)
class TrafficExtensionSpecSelector:
    def __init__(
        self,
        *,
        match_labels: typing.Optional[typing.Mapping[builtins.str, builtins.str]] = None,
    ) -> None:
        '''Optional.

        :param match_labels: One or more labels that indicate a specific set of pods/VMs on which a policy should be applied.

        :schema: TrafficExtensionSpecSelector
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__5f51d7d3c6528195c4eb681f56c963ea9c909f71bd028117c80afcf256f08204)
            check_type(argname="argument match_labels", value=match_labels, expected_type=type_hints["match_labels"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if match_labels is not None:
            self._values["match_labels"] = match_labels

    @builtins.property
    def match_labels(
        self,
    ) -> typing.Optional[typing.Mapping[builtins.str, builtins.str]]:
        '''One or more labels that indicate a specific set of pods/VMs on which a policy should be applied.

        :schema: TrafficExtensionSpecSelector#matchLabels
        '''
        result = self._values.get("match_labels")
        return typing.cast(typing.Optional[typing.Mapping[builtins.str, builtins.str]], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "TrafficExtensionSpecSelector(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="istio_ioistioextensions.TrafficExtensionSpecTargetRefs",
    jsii_struct_bases=[],
    name_mapping={
        "kind": "kind",
        "name": "name",
        "group": "group",
        "namespace": "namespace",
    },
)
class TrafficExtensionSpecTargetRefs:
    def __init__(
        self,
        *,
        kind: builtins.str,
        name: builtins.str,
        group: typing.Optional[builtins.str] = None,
        namespace: typing.Optional[builtins.str] = None,
    ) -> None:
        '''
        :param kind: kind is kind of the target resource.
        :param name: name is the name of the target resource.
        :param group: group is the group of the target resource.
        :param namespace: namespace is the namespace of the referent.

        :schema: TrafficExtensionSpecTargetRefs
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__90e303295f2d02981d7a43632c2166278f79a2154a099fdeec62fec80948b480)
            check_type(argname="argument kind", value=kind, expected_type=type_hints["kind"])
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
            check_type(argname="argument group", value=group, expected_type=type_hints["group"])
            check_type(argname="argument namespace", value=namespace, expected_type=type_hints["namespace"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "kind": kind,
            "name": name,
        }
        if group is not None:
            self._values["group"] = group
        if namespace is not None:
            self._values["namespace"] = namespace

    @builtins.property
    def kind(self) -> builtins.str:
        '''kind is kind of the target resource.

        :schema: TrafficExtensionSpecTargetRefs#kind
        '''
        result = self._values.get("kind")
        assert result is not None, "Required property 'kind' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def name(self) -> builtins.str:
        '''name is the name of the target resource.

        :schema: TrafficExtensionSpecTargetRefs#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def group(self) -> typing.Optional[builtins.str]:
        '''group is the group of the target resource.

        :schema: TrafficExtensionSpecTargetRefs#group
        '''
        result = self._values.get("group")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def namespace(self) -> typing.Optional[builtins.str]:
        '''namespace is the namespace of the referent.

        :schema: TrafficExtensionSpecTargetRefs#namespace
        '''
        result = self._values.get("namespace")
        return typing.cast(typing.Optional[builtins.str], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "TrafficExtensionSpecTargetRefs(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="istio_ioistioextensions.TrafficExtensionSpecWasm",
    jsii_struct_bases=[],
    name_mapping={
        "url": "url",
        "fail_strategy": "failStrategy",
        "image_pull_policy": "imagePullPolicy",
        "image_pull_secret": "imagePullSecret",
        "plugin_config": "pluginConfig",
        "plugin_name": "pluginName",
        "sha256": "sha256",
        "type": "type",
        "verification_key": "verificationKey",
        "vm_config": "vmConfig",
    },
)
class TrafficExtensionSpecWasm:
    def __init__(
        self,
        *,
        url: builtins.str,
        fail_strategy: typing.Optional["TrafficExtensionSpecWasmFailStrategy"] = None,
        image_pull_policy: typing.Optional["TrafficExtensionSpecWasmImagePullPolicy"] = None,
        image_pull_secret: typing.Optional[builtins.str] = None,
        plugin_config: typing.Any = None,
        plugin_name: typing.Optional[builtins.str] = None,
        sha256: typing.Optional[builtins.str] = None,
        type: typing.Optional["TrafficExtensionSpecWasmType"] = None,
        verification_key: typing.Optional[builtins.str] = None,
        vm_config: typing.Optional[typing.Union["TrafficExtensionSpecWasmVmConfig", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''WebAssembly filter configuration.

        :param url: URL of a Wasm module or OCI container.
        :param fail_strategy: Specifies the failure behavior for the plugin due to fatal errors. Valid Options: FAIL_CLOSE, FAIL_OPEN, FAIL_RELOAD
        :param image_pull_policy: The pull behaviour to be applied when fetching Wasm module by either OCI image or ``http/https``. Valid Options: IfNotPresent, Always
        :param image_pull_secret: Credentials to use for OCI image pulling.
        :param plugin_config: The configuration that will be passed on to the plugin.
        :param plugin_name: The plugin name to be used in the Envoy configuration (used to be called ``rootID``).
        :param sha256: SHA256 checksum that will be used to verify Wasm module or OCI container.
        :param type: Specifies the type of Wasm Extension to be used. Valid Options: HTTP, NETWORK
        :param verification_key: 
        :param vm_config: Configuration for a Wasm VM.

        :schema: TrafficExtensionSpecWasm
        '''
        if isinstance(vm_config, dict):
            vm_config = TrafficExtensionSpecWasmVmConfig(**vm_config)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__a05937eb58ebc30457676a6dbe628b3d178abc00b216777dc5e0d0fa659b231c)
            check_type(argname="argument url", value=url, expected_type=type_hints["url"])
            check_type(argname="argument fail_strategy", value=fail_strategy, expected_type=type_hints["fail_strategy"])
            check_type(argname="argument image_pull_policy", value=image_pull_policy, expected_type=type_hints["image_pull_policy"])
            check_type(argname="argument image_pull_secret", value=image_pull_secret, expected_type=type_hints["image_pull_secret"])
            check_type(argname="argument plugin_config", value=plugin_config, expected_type=type_hints["plugin_config"])
            check_type(argname="argument plugin_name", value=plugin_name, expected_type=type_hints["plugin_name"])
            check_type(argname="argument sha256", value=sha256, expected_type=type_hints["sha256"])
            check_type(argname="argument type", value=type, expected_type=type_hints["type"])
            check_type(argname="argument verification_key", value=verification_key, expected_type=type_hints["verification_key"])
            check_type(argname="argument vm_config", value=vm_config, expected_type=type_hints["vm_config"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "url": url,
        }
        if fail_strategy is not None:
            self._values["fail_strategy"] = fail_strategy
        if image_pull_policy is not None:
            self._values["image_pull_policy"] = image_pull_policy
        if image_pull_secret is not None:
            self._values["image_pull_secret"] = image_pull_secret
        if plugin_config is not None:
            self._values["plugin_config"] = plugin_config
        if plugin_name is not None:
            self._values["plugin_name"] = plugin_name
        if sha256 is not None:
            self._values["sha256"] = sha256
        if type is not None:
            self._values["type"] = type
        if verification_key is not None:
            self._values["verification_key"] = verification_key
        if vm_config is not None:
            self._values["vm_config"] = vm_config

    @builtins.property
    def url(self) -> builtins.str:
        '''URL of a Wasm module or OCI container.

        :schema: TrafficExtensionSpecWasm#url
        '''
        result = self._values.get("url")
        assert result is not None, "Required property 'url' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def fail_strategy(self) -> typing.Optional["TrafficExtensionSpecWasmFailStrategy"]:
        '''Specifies the failure behavior for the plugin due to fatal errors.

        Valid Options: FAIL_CLOSE, FAIL_OPEN, FAIL_RELOAD

        :schema: TrafficExtensionSpecWasm#failStrategy
        '''
        result = self._values.get("fail_strategy")
        return typing.cast(typing.Optional["TrafficExtensionSpecWasmFailStrategy"], result)

    @builtins.property
    def image_pull_policy(
        self,
    ) -> typing.Optional["TrafficExtensionSpecWasmImagePullPolicy"]:
        '''The pull behaviour to be applied when fetching Wasm module by either OCI image or ``http/https``.

        Valid Options: IfNotPresent, Always

        :schema: TrafficExtensionSpecWasm#imagePullPolicy
        '''
        result = self._values.get("image_pull_policy")
        return typing.cast(typing.Optional["TrafficExtensionSpecWasmImagePullPolicy"], result)

    @builtins.property
    def image_pull_secret(self) -> typing.Optional[builtins.str]:
        '''Credentials to use for OCI image pulling.

        :schema: TrafficExtensionSpecWasm#imagePullSecret
        '''
        result = self._values.get("image_pull_secret")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def plugin_config(self) -> typing.Any:
        '''The configuration that will be passed on to the plugin.

        :schema: TrafficExtensionSpecWasm#pluginConfig
        '''
        result = self._values.get("plugin_config")
        return typing.cast(typing.Any, result)

    @builtins.property
    def plugin_name(self) -> typing.Optional[builtins.str]:
        '''The plugin name to be used in the Envoy configuration (used to be called ``rootID``).

        :schema: TrafficExtensionSpecWasm#pluginName
        '''
        result = self._values.get("plugin_name")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def sha256(self) -> typing.Optional[builtins.str]:
        '''SHA256 checksum that will be used to verify Wasm module or OCI container.

        :schema: TrafficExtensionSpecWasm#sha256
        '''
        result = self._values.get("sha256")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def type(self) -> typing.Optional["TrafficExtensionSpecWasmType"]:
        '''Specifies the type of Wasm Extension to be used.

        Valid Options: HTTP, NETWORK

        :schema: TrafficExtensionSpecWasm#type
        '''
        result = self._values.get("type")
        return typing.cast(typing.Optional["TrafficExtensionSpecWasmType"], result)

    @builtins.property
    def verification_key(self) -> typing.Optional[builtins.str]:
        '''
        :schema: TrafficExtensionSpecWasm#verificationKey
        '''
        result = self._values.get("verification_key")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def vm_config(self) -> typing.Optional["TrafficExtensionSpecWasmVmConfig"]:
        '''Configuration for a Wasm VM.

        :schema: TrafficExtensionSpecWasm#vmConfig
        '''
        result = self._values.get("vm_config")
        return typing.cast(typing.Optional["TrafficExtensionSpecWasmVmConfig"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "TrafficExtensionSpecWasm(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.enum(jsii_type="istio_ioistioextensions.TrafficExtensionSpecWasmFailStrategy")
class TrafficExtensionSpecWasmFailStrategy(enum.Enum):
    '''Specifies the failure behavior for the plugin due to fatal errors.

    Valid Options: FAIL_CLOSE, FAIL_OPEN, FAIL_RELOAD

    :schema: TrafficExtensionSpecWasmFailStrategy
    '''

    FAIL_UNDERSCORE_CLOSE = "FAIL_UNDERSCORE_CLOSE"
    '''FAIL_CLOSE.'''
    FAIL_UNDERSCORE_OPEN = "FAIL_UNDERSCORE_OPEN"
    '''FAIL_OPEN.'''
    FAIL_UNDERSCORE_RELOAD = "FAIL_UNDERSCORE_RELOAD"
    '''FAIL_RELOAD.'''


@jsii.enum(jsii_type="istio_ioistioextensions.TrafficExtensionSpecWasmImagePullPolicy")
class TrafficExtensionSpecWasmImagePullPolicy(enum.Enum):
    '''The pull behaviour to be applied when fetching Wasm module by either OCI image or ``http/https``.

    Valid Options: IfNotPresent, Always

    :schema: TrafficExtensionSpecWasmImagePullPolicy
    '''

    UNSPECIFIED_UNDERSCORE_POLICY = "UNSPECIFIED_UNDERSCORE_POLICY"
    '''UNSPECIFIED_POLICY.'''
    IF_NOT_PRESENT = "IF_NOT_PRESENT"
    '''IfNotPresent.'''
    ALWAYS = "ALWAYS"
    '''Always.'''


@jsii.enum(jsii_type="istio_ioistioextensions.TrafficExtensionSpecWasmType")
class TrafficExtensionSpecWasmType(enum.Enum):
    '''Specifies the type of Wasm Extension to be used.

    Valid Options: HTTP, NETWORK

    :schema: TrafficExtensionSpecWasmType
    '''

    UNSPECIFIED_UNDERSCORE_PLUGIN_UNDERSCORE_TYPE = "UNSPECIFIED_UNDERSCORE_PLUGIN_UNDERSCORE_TYPE"
    '''UNSPECIFIED_PLUGIN_TYPE.'''
    HTTP = "HTTP"
    '''HTTP.'''
    NETWORK = "NETWORK"
    '''NETWORK.'''


@jsii.data_type(
    jsii_type="istio_ioistioextensions.TrafficExtensionSpecWasmVmConfig",
    jsii_struct_bases=[],
    name_mapping={"env": "env"},
)
class TrafficExtensionSpecWasmVmConfig:
    def __init__(
        self,
        *,
        env: typing.Optional[typing.Sequence[typing.Union["TrafficExtensionSpecWasmVmConfigEnv", typing.Dict[builtins.str, typing.Any]]]] = None,
    ) -> None:
        '''Configuration for a Wasm VM.

        :param env: Specifies environment variables to be injected to this VM.

        :schema: TrafficExtensionSpecWasmVmConfig
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__5682d64a328f6395d9deca007b47729efcb3193563f6e5bc385046ffa41bb61f)
            check_type(argname="argument env", value=env, expected_type=type_hints["env"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if env is not None:
            self._values["env"] = env

    @builtins.property
    def env(
        self,
    ) -> typing.Optional[typing.List["TrafficExtensionSpecWasmVmConfigEnv"]]:
        '''Specifies environment variables to be injected to this VM.

        :schema: TrafficExtensionSpecWasmVmConfig#env
        '''
        result = self._values.get("env")
        return typing.cast(typing.Optional[typing.List["TrafficExtensionSpecWasmVmConfigEnv"]], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "TrafficExtensionSpecWasmVmConfig(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="istio_ioistioextensions.TrafficExtensionSpecWasmVmConfigEnv",
    jsii_struct_bases=[],
    name_mapping={"name": "name", "value": "value", "value_from": "valueFrom"},
)
class TrafficExtensionSpecWasmVmConfigEnv:
    def __init__(
        self,
        *,
        name: builtins.str,
        value: typing.Optional[builtins.str] = None,
        value_from: typing.Optional["TrafficExtensionSpecWasmVmConfigEnvValueFrom"] = None,
    ) -> None:
        '''
        :param name: Name of the environment variable.
        :param value: Value for the environment variable.
        :param value_from: Source for the environment variable's value. Valid Options: INLINE, HOST

        :schema: TrafficExtensionSpecWasmVmConfigEnv
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__adb0d189b8cf41b29d57d8efaa3a8bf39e3dcad7b5db25e4763826d2374e857d)
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
            check_type(argname="argument value", value=value, expected_type=type_hints["value"])
            check_type(argname="argument value_from", value=value_from, expected_type=type_hints["value_from"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "name": name,
        }
        if value is not None:
            self._values["value"] = value
        if value_from is not None:
            self._values["value_from"] = value_from

    @builtins.property
    def name(self) -> builtins.str:
        '''Name of the environment variable.

        :schema: TrafficExtensionSpecWasmVmConfigEnv#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def value(self) -> typing.Optional[builtins.str]:
        '''Value for the environment variable.

        :schema: TrafficExtensionSpecWasmVmConfigEnv#value
        '''
        result = self._values.get("value")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def value_from(
        self,
    ) -> typing.Optional["TrafficExtensionSpecWasmVmConfigEnvValueFrom"]:
        '''Source for the environment variable's value.

        Valid Options: INLINE, HOST

        :schema: TrafficExtensionSpecWasmVmConfigEnv#valueFrom
        '''
        result = self._values.get("value_from")
        return typing.cast(typing.Optional["TrafficExtensionSpecWasmVmConfigEnvValueFrom"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "TrafficExtensionSpecWasmVmConfigEnv(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.enum(
    jsii_type="istio_ioistioextensions.TrafficExtensionSpecWasmVmConfigEnvValueFrom"
)
class TrafficExtensionSpecWasmVmConfigEnvValueFrom(enum.Enum):
    '''Source for the environment variable's value.

    Valid Options: INLINE, HOST

    :schema: TrafficExtensionSpecWasmVmConfigEnvValueFrom
    '''

    INLINE = "INLINE"
    '''INLINE.'''
    HOST = "HOST"
    '''HOST.'''


class WasmPlugin(
    _cdk8s_d3d9af27.ApiObject,
    metaclass=jsii.JSIIMeta,
    jsii_type="istio_ioistioextensions.WasmPlugin",
):
    '''
    :schema: WasmPlugin
    '''

    def __init__(
        self,
        scope: "_constructs_77d1e7e8.Construct",
        id: builtins.str,
        *,
        spec: typing.Union["WasmPluginSpec", typing.Dict[builtins.str, typing.Any]],
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''Defines a "WasmPlugin" API object.

        :param scope: the scope in which to define this object.
        :param id: a scope-local name for the object.
        :param spec: Extend the functionality provided by the Istio proxy through WebAssembly filters. See more details at: https://istio.io/docs/reference/config/proxy_extensions/wasm-plugin.html
        :param metadata: 
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__c4b3537e346e49842a6dc32bdc79ed5c41a0bec0f8d362c192be27d240673763)
            check_type(argname="argument scope", value=scope, expected_type=type_hints["scope"])
            check_type(argname="argument id", value=id, expected_type=type_hints["id"])
        props = WasmPluginProps(spec=spec, metadata=metadata)

        jsii.create(self.__class__, self, [scope, id, props])

    @jsii.member(jsii_name="manifest")
    @builtins.classmethod
    def manifest(
        cls,
        *,
        spec: typing.Union["WasmPluginSpec", typing.Dict[builtins.str, typing.Any]],
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> typing.Any:
        '''Renders a Kubernetes manifest for "WasmPlugin".

        This can be used to inline resource manifests inside other objects (e.g. as templates).

        :param spec: Extend the functionality provided by the Istio proxy through WebAssembly filters. See more details at: https://istio.io/docs/reference/config/proxy_extensions/wasm-plugin.html
        :param metadata: 
        '''
        props = WasmPluginProps(spec=spec, metadata=metadata)

        return typing.cast(typing.Any, jsii.sinvoke(cls, "manifest", [props]))

    @jsii.member(jsii_name="toJson")
    def to_json(self) -> typing.Any:
        '''Renders the object to Kubernetes JSON.'''
        return typing.cast(typing.Any, jsii.invoke(self, "toJson", []))

    @jsii.python.classproperty
    @jsii.member(jsii_name="GVK")
    def GVK(cls) -> "_cdk8s_d3d9af27.GroupVersionKind":
        '''Returns the apiVersion and kind for "WasmPlugin".'''
        return typing.cast("_cdk8s_d3d9af27.GroupVersionKind", jsii.sget(cls, "GVK"))


@jsii.data_type(
    jsii_type="istio_ioistioextensions.WasmPluginProps",
    jsii_struct_bases=[],
    name_mapping={"spec": "spec", "metadata": "metadata"},
)
class WasmPluginProps:
    def __init__(
        self,
        *,
        spec: typing.Union["WasmPluginSpec", typing.Dict[builtins.str, typing.Any]],
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''
        :param spec: Extend the functionality provided by the Istio proxy through WebAssembly filters. See more details at: https://istio.io/docs/reference/config/proxy_extensions/wasm-plugin.html
        :param metadata: 

        :schema: WasmPlugin
        '''
        if isinstance(spec, dict):
            spec = WasmPluginSpec(**spec)
        if isinstance(metadata, dict):
            metadata = _cdk8s_d3d9af27.ApiObjectMetadata(**metadata)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__520136e205a55f294d45ea552a3bf795e4f637c4192bb6d83de7a1116dee269c)
            check_type(argname="argument spec", value=spec, expected_type=type_hints["spec"])
            check_type(argname="argument metadata", value=metadata, expected_type=type_hints["metadata"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "spec": spec,
        }
        if metadata is not None:
            self._values["metadata"] = metadata

    @builtins.property
    def spec(self) -> "WasmPluginSpec":
        '''Extend the functionality provided by the Istio proxy through WebAssembly filters.

        See more details at: https://istio.io/docs/reference/config/proxy_extensions/wasm-plugin.html

        :schema: WasmPlugin#spec
        '''
        result = self._values.get("spec")
        assert result is not None, "Required property 'spec' is missing"
        return typing.cast("WasmPluginSpec", result)

    @builtins.property
    def metadata(self) -> typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"]:
        '''
        :schema: WasmPlugin#metadata
        '''
        result = self._values.get("metadata")
        return typing.cast(typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "WasmPluginProps(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="istio_ioistioextensions.WasmPluginSpec",
    jsii_struct_bases=[],
    name_mapping={
        "url": "url",
        "fail_strategy": "failStrategy",
        "image_pull_policy": "imagePullPolicy",
        "image_pull_secret": "imagePullSecret",
        "match": "match",
        "phase": "phase",
        "plugin_config": "pluginConfig",
        "plugin_name": "pluginName",
        "priority": "priority",
        "selector": "selector",
        "sha256": "sha256",
        "target_ref": "targetRef",
        "target_refs": "targetRefs",
        "type": "type",
        "verification_key": "verificationKey",
        "vm_config": "vmConfig",
    },
)
class WasmPluginSpec:
    def __init__(
        self,
        *,
        url: builtins.str,
        fail_strategy: typing.Optional["WasmPluginSpecFailStrategy"] = None,
        image_pull_policy: typing.Optional["WasmPluginSpecImagePullPolicy"] = None,
        image_pull_secret: typing.Optional[builtins.str] = None,
        match: typing.Optional[typing.Sequence[typing.Union["WasmPluginSpecMatch", typing.Dict[builtins.str, typing.Any]]]] = None,
        phase: typing.Optional["WasmPluginSpecPhase"] = None,
        plugin_config: typing.Any = None,
        plugin_name: typing.Optional[builtins.str] = None,
        priority: typing.Optional[jsii.Number] = None,
        selector: typing.Optional[typing.Union["WasmPluginSpecSelector", typing.Dict[builtins.str, typing.Any]]] = None,
        sha256: typing.Optional[builtins.str] = None,
        target_ref: typing.Optional[typing.Union["WasmPluginSpecTargetRef", typing.Dict[builtins.str, typing.Any]]] = None,
        target_refs: typing.Optional[typing.Sequence[typing.Union["WasmPluginSpecTargetRefs", typing.Dict[builtins.str, typing.Any]]]] = None,
        type: typing.Optional["WasmPluginSpecType"] = None,
        verification_key: typing.Optional[builtins.str] = None,
        vm_config: typing.Optional[typing.Union["WasmPluginSpecVmConfig", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''Extend the functionality provided by the Istio proxy through WebAssembly filters.

        See more details at: https://istio.io/docs/reference/config/proxy_extensions/wasm-plugin.html

        :param url: URL of a Wasm module or OCI container.
        :param fail_strategy: Specifies the failure behavior for the plugin due to fatal errors. Valid Options: FAIL_CLOSE, FAIL_OPEN, FAIL_RELOAD
        :param image_pull_policy: The pull behaviour to be applied when fetching Wasm module by either OCI image or ``http/https``. Valid Options: IfNotPresent, Always
        :param image_pull_secret: Credentials to use for OCI image pulling.
        :param match: Specifies the criteria to determine which traffic is passed to WasmPlugin.
        :param phase: Determines where in the filter chain this ``WasmPlugin`` is to be injected. Valid Options: AUTHN, AUTHZ, STATS
        :param plugin_config: The configuration that will be passed on to the plugin.
        :param plugin_name: The plugin name to be used in the Envoy configuration (used to be called ``rootID``).
        :param priority: Determines ordering of ``WasmPlugins`` in the same ``phase``.
        :param selector: Criteria used to select the specific set of pods/VMs on which this plugin configuration should be applied.
        :param sha256: SHA256 checksum that will be used to verify Wasm module or OCI container.
        :param target_ref: 
        :param target_refs: Optional.
        :param type: Specifies the type of Wasm Extension to be used. Valid Options: HTTP, NETWORK
        :param verification_key: 
        :param vm_config: Configuration for a Wasm VM.

        :schema: WasmPluginSpec
        '''
        if isinstance(selector, dict):
            selector = WasmPluginSpecSelector(**selector)
        if isinstance(target_ref, dict):
            target_ref = WasmPluginSpecTargetRef(**target_ref)
        if isinstance(vm_config, dict):
            vm_config = WasmPluginSpecVmConfig(**vm_config)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__c1023869e603924c69a61237c65aee55db0b1a7de541ebd7c0ffc2bb152beb2f)
            check_type(argname="argument url", value=url, expected_type=type_hints["url"])
            check_type(argname="argument fail_strategy", value=fail_strategy, expected_type=type_hints["fail_strategy"])
            check_type(argname="argument image_pull_policy", value=image_pull_policy, expected_type=type_hints["image_pull_policy"])
            check_type(argname="argument image_pull_secret", value=image_pull_secret, expected_type=type_hints["image_pull_secret"])
            check_type(argname="argument match", value=match, expected_type=type_hints["match"])
            check_type(argname="argument phase", value=phase, expected_type=type_hints["phase"])
            check_type(argname="argument plugin_config", value=plugin_config, expected_type=type_hints["plugin_config"])
            check_type(argname="argument plugin_name", value=plugin_name, expected_type=type_hints["plugin_name"])
            check_type(argname="argument priority", value=priority, expected_type=type_hints["priority"])
            check_type(argname="argument selector", value=selector, expected_type=type_hints["selector"])
            check_type(argname="argument sha256", value=sha256, expected_type=type_hints["sha256"])
            check_type(argname="argument target_ref", value=target_ref, expected_type=type_hints["target_ref"])
            check_type(argname="argument target_refs", value=target_refs, expected_type=type_hints["target_refs"])
            check_type(argname="argument type", value=type, expected_type=type_hints["type"])
            check_type(argname="argument verification_key", value=verification_key, expected_type=type_hints["verification_key"])
            check_type(argname="argument vm_config", value=vm_config, expected_type=type_hints["vm_config"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "url": url,
        }
        if fail_strategy is not None:
            self._values["fail_strategy"] = fail_strategy
        if image_pull_policy is not None:
            self._values["image_pull_policy"] = image_pull_policy
        if image_pull_secret is not None:
            self._values["image_pull_secret"] = image_pull_secret
        if match is not None:
            self._values["match"] = match
        if phase is not None:
            self._values["phase"] = phase
        if plugin_config is not None:
            self._values["plugin_config"] = plugin_config
        if plugin_name is not None:
            self._values["plugin_name"] = plugin_name
        if priority is not None:
            self._values["priority"] = priority
        if selector is not None:
            self._values["selector"] = selector
        if sha256 is not None:
            self._values["sha256"] = sha256
        if target_ref is not None:
            self._values["target_ref"] = target_ref
        if target_refs is not None:
            self._values["target_refs"] = target_refs
        if type is not None:
            self._values["type"] = type
        if verification_key is not None:
            self._values["verification_key"] = verification_key
        if vm_config is not None:
            self._values["vm_config"] = vm_config

    @builtins.property
    def url(self) -> builtins.str:
        '''URL of a Wasm module or OCI container.

        :schema: WasmPluginSpec#url
        '''
        result = self._values.get("url")
        assert result is not None, "Required property 'url' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def fail_strategy(self) -> typing.Optional["WasmPluginSpecFailStrategy"]:
        '''Specifies the failure behavior for the plugin due to fatal errors.

        Valid Options: FAIL_CLOSE, FAIL_OPEN, FAIL_RELOAD

        :schema: WasmPluginSpec#failStrategy
        '''
        result = self._values.get("fail_strategy")
        return typing.cast(typing.Optional["WasmPluginSpecFailStrategy"], result)

    @builtins.property
    def image_pull_policy(self) -> typing.Optional["WasmPluginSpecImagePullPolicy"]:
        '''The pull behaviour to be applied when fetching Wasm module by either OCI image or ``http/https``.

        Valid Options: IfNotPresent, Always

        :schema: WasmPluginSpec#imagePullPolicy
        '''
        result = self._values.get("image_pull_policy")
        return typing.cast(typing.Optional["WasmPluginSpecImagePullPolicy"], result)

    @builtins.property
    def image_pull_secret(self) -> typing.Optional[builtins.str]:
        '''Credentials to use for OCI image pulling.

        :schema: WasmPluginSpec#imagePullSecret
        '''
        result = self._values.get("image_pull_secret")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def match(self) -> typing.Optional[typing.List["WasmPluginSpecMatch"]]:
        '''Specifies the criteria to determine which traffic is passed to WasmPlugin.

        :schema: WasmPluginSpec#match
        '''
        result = self._values.get("match")
        return typing.cast(typing.Optional[typing.List["WasmPluginSpecMatch"]], result)

    @builtins.property
    def phase(self) -> typing.Optional["WasmPluginSpecPhase"]:
        '''Determines where in the filter chain this ``WasmPlugin`` is to be injected.

        Valid Options: AUTHN, AUTHZ, STATS

        :schema: WasmPluginSpec#phase
        '''
        result = self._values.get("phase")
        return typing.cast(typing.Optional["WasmPluginSpecPhase"], result)

    @builtins.property
    def plugin_config(self) -> typing.Any:
        '''The configuration that will be passed on to the plugin.

        :schema: WasmPluginSpec#pluginConfig
        '''
        result = self._values.get("plugin_config")
        return typing.cast(typing.Any, result)

    @builtins.property
    def plugin_name(self) -> typing.Optional[builtins.str]:
        '''The plugin name to be used in the Envoy configuration (used to be called ``rootID``).

        :schema: WasmPluginSpec#pluginName
        '''
        result = self._values.get("plugin_name")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def priority(self) -> typing.Optional[jsii.Number]:
        '''Determines ordering of ``WasmPlugins`` in the same ``phase``.

        :schema: WasmPluginSpec#priority
        '''
        result = self._values.get("priority")
        return typing.cast(typing.Optional[jsii.Number], result)

    @builtins.property
    def selector(self) -> typing.Optional["WasmPluginSpecSelector"]:
        '''Criteria used to select the specific set of pods/VMs on which this plugin configuration should be applied.

        :schema: WasmPluginSpec#selector
        '''
        result = self._values.get("selector")
        return typing.cast(typing.Optional["WasmPluginSpecSelector"], result)

    @builtins.property
    def sha256(self) -> typing.Optional[builtins.str]:
        '''SHA256 checksum that will be used to verify Wasm module or OCI container.

        :schema: WasmPluginSpec#sha256
        '''
        result = self._values.get("sha256")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def target_ref(self) -> typing.Optional["WasmPluginSpecTargetRef"]:
        '''
        :schema: WasmPluginSpec#targetRef
        '''
        result = self._values.get("target_ref")
        return typing.cast(typing.Optional["WasmPluginSpecTargetRef"], result)

    @builtins.property
    def target_refs(self) -> typing.Optional[typing.List["WasmPluginSpecTargetRefs"]]:
        '''Optional.

        :schema: WasmPluginSpec#targetRefs
        '''
        result = self._values.get("target_refs")
        return typing.cast(typing.Optional[typing.List["WasmPluginSpecTargetRefs"]], result)

    @builtins.property
    def type(self) -> typing.Optional["WasmPluginSpecType"]:
        '''Specifies the type of Wasm Extension to be used.

        Valid Options: HTTP, NETWORK

        :schema: WasmPluginSpec#type
        '''
        result = self._values.get("type")
        return typing.cast(typing.Optional["WasmPluginSpecType"], result)

    @builtins.property
    def verification_key(self) -> typing.Optional[builtins.str]:
        '''
        :schema: WasmPluginSpec#verificationKey
        '''
        result = self._values.get("verification_key")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def vm_config(self) -> typing.Optional["WasmPluginSpecVmConfig"]:
        '''Configuration for a Wasm VM.

        :schema: WasmPluginSpec#vmConfig
        '''
        result = self._values.get("vm_config")
        return typing.cast(typing.Optional["WasmPluginSpecVmConfig"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "WasmPluginSpec(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.enum(jsii_type="istio_ioistioextensions.WasmPluginSpecFailStrategy")
class WasmPluginSpecFailStrategy(enum.Enum):
    '''Specifies the failure behavior for the plugin due to fatal errors.

    Valid Options: FAIL_CLOSE, FAIL_OPEN, FAIL_RELOAD

    :schema: WasmPluginSpecFailStrategy
    '''

    FAIL_UNDERSCORE_CLOSE = "FAIL_UNDERSCORE_CLOSE"
    '''FAIL_CLOSE.'''
    FAIL_UNDERSCORE_OPEN = "FAIL_UNDERSCORE_OPEN"
    '''FAIL_OPEN.'''
    FAIL_UNDERSCORE_RELOAD = "FAIL_UNDERSCORE_RELOAD"
    '''FAIL_RELOAD.'''


@jsii.enum(jsii_type="istio_ioistioextensions.WasmPluginSpecImagePullPolicy")
class WasmPluginSpecImagePullPolicy(enum.Enum):
    '''The pull behaviour to be applied when fetching Wasm module by either OCI image or ``http/https``.

    Valid Options: IfNotPresent, Always

    :schema: WasmPluginSpecImagePullPolicy
    '''

    UNSPECIFIED_UNDERSCORE_POLICY = "UNSPECIFIED_UNDERSCORE_POLICY"
    '''UNSPECIFIED_POLICY.'''
    IF_NOT_PRESENT = "IF_NOT_PRESENT"
    '''IfNotPresent.'''
    ALWAYS = "ALWAYS"
    '''Always.'''


@jsii.data_type(
    jsii_type="istio_ioistioextensions.WasmPluginSpecMatch",
    jsii_struct_bases=[],
    name_mapping={"mode": "mode", "ports": "ports"},
)
class WasmPluginSpecMatch:
    def __init__(
        self,
        *,
        mode: typing.Optional["WasmPluginSpecMatchMode"] = None,
        ports: typing.Optional[typing.Sequence[typing.Union["WasmPluginSpecMatchPorts", typing.Dict[builtins.str, typing.Any]]]] = None,
    ) -> None:
        '''
        :param mode: Criteria for selecting traffic by their direction. Valid Options: CLIENT, SERVER, CLIENT_AND_SERVER
        :param ports: Criteria for selecting traffic by their destination port.

        :schema: WasmPluginSpecMatch
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__bb2170a2274de3d9da1929fd15d4071acb36dec92e0ee2823b412e61e878eddf)
            check_type(argname="argument mode", value=mode, expected_type=type_hints["mode"])
            check_type(argname="argument ports", value=ports, expected_type=type_hints["ports"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if mode is not None:
            self._values["mode"] = mode
        if ports is not None:
            self._values["ports"] = ports

    @builtins.property
    def mode(self) -> typing.Optional["WasmPluginSpecMatchMode"]:
        '''Criteria for selecting traffic by their direction.

        Valid Options: CLIENT, SERVER, CLIENT_AND_SERVER

        :schema: WasmPluginSpecMatch#mode
        '''
        result = self._values.get("mode")
        return typing.cast(typing.Optional["WasmPluginSpecMatchMode"], result)

    @builtins.property
    def ports(self) -> typing.Optional[typing.List["WasmPluginSpecMatchPorts"]]:
        '''Criteria for selecting traffic by their destination port.

        :schema: WasmPluginSpecMatch#ports
        '''
        result = self._values.get("ports")
        return typing.cast(typing.Optional[typing.List["WasmPluginSpecMatchPorts"]], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "WasmPluginSpecMatch(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.enum(jsii_type="istio_ioistioextensions.WasmPluginSpecMatchMode")
class WasmPluginSpecMatchMode(enum.Enum):
    '''Criteria for selecting traffic by their direction.

    Valid Options: CLIENT, SERVER, CLIENT_AND_SERVER

    :schema: WasmPluginSpecMatchMode
    '''

    UNDEFINED = "UNDEFINED"
    '''UNDEFINED.'''
    CLIENT = "CLIENT"
    '''CLIENT.'''
    SERVER = "SERVER"
    '''SERVER.'''
    CLIENT_UNDERSCORE_AND_UNDERSCORE_SERVER = "CLIENT_UNDERSCORE_AND_UNDERSCORE_SERVER"
    '''CLIENT_AND_SERVER.'''


@jsii.data_type(
    jsii_type="istio_ioistioextensions.WasmPluginSpecMatchPorts",
    jsii_struct_bases=[],
    name_mapping={"number": "number"},
)
class WasmPluginSpecMatchPorts:
    def __init__(self, *, number: jsii.Number) -> None:
        '''
        :param number: 

        :schema: WasmPluginSpecMatchPorts
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__fe608ad9757b5ce56781630cbabbd6db485293c6c0de0f97a04e9ad439a4c801)
            check_type(argname="argument number", value=number, expected_type=type_hints["number"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "number": number,
        }

    @builtins.property
    def number(self) -> jsii.Number:
        '''
        :schema: WasmPluginSpecMatchPorts#number
        '''
        result = self._values.get("number")
        assert result is not None, "Required property 'number' is missing"
        return typing.cast(jsii.Number, result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "WasmPluginSpecMatchPorts(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.enum(jsii_type="istio_ioistioextensions.WasmPluginSpecPhase")
class WasmPluginSpecPhase(enum.Enum):
    '''Determines where in the filter chain this ``WasmPlugin`` is to be injected.

    Valid Options: AUTHN, AUTHZ, STATS

    :schema: WasmPluginSpecPhase
    '''

    UNSPECIFIED_UNDERSCORE_PHASE = "UNSPECIFIED_UNDERSCORE_PHASE"
    '''UNSPECIFIED_PHASE.'''
    AUTHN = "AUTHN"
    '''AUTHN.'''
    AUTHZ = "AUTHZ"
    '''AUTHZ.'''
    STATS = "STATS"
    '''STATS.'''


@jsii.data_type(
    jsii_type="istio_ioistioextensions.WasmPluginSpecSelector",
    jsii_struct_bases=[],
    name_mapping={"match_labels": "matchLabels"},
)
class WasmPluginSpecSelector:
    def __init__(
        self,
        *,
        match_labels: typing.Optional[typing.Mapping[builtins.str, builtins.str]] = None,
    ) -> None:
        '''Criteria used to select the specific set of pods/VMs on which this plugin configuration should be applied.

        :param match_labels: One or more labels that indicate a specific set of pods/VMs on which a policy should be applied.

        :schema: WasmPluginSpecSelector
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__2d79b1fb3a237c06836d84f0d7a53cb5e113d327ed68947df38977f65d1284f5)
            check_type(argname="argument match_labels", value=match_labels, expected_type=type_hints["match_labels"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if match_labels is not None:
            self._values["match_labels"] = match_labels

    @builtins.property
    def match_labels(
        self,
    ) -> typing.Optional[typing.Mapping[builtins.str, builtins.str]]:
        '''One or more labels that indicate a specific set of pods/VMs on which a policy should be applied.

        :schema: WasmPluginSpecSelector#matchLabels
        '''
        result = self._values.get("match_labels")
        return typing.cast(typing.Optional[typing.Mapping[builtins.str, builtins.str]], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "WasmPluginSpecSelector(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="istio_ioistioextensions.WasmPluginSpecTargetRef",
    jsii_struct_bases=[],
    name_mapping={
        "kind": "kind",
        "name": "name",
        "group": "group",
        "namespace": "namespace",
    },
)
class WasmPluginSpecTargetRef:
    def __init__(
        self,
        *,
        kind: builtins.str,
        name: builtins.str,
        group: typing.Optional[builtins.str] = None,
        namespace: typing.Optional[builtins.str] = None,
    ) -> None:
        '''
        :param kind: kind is kind of the target resource.
        :param name: name is the name of the target resource.
        :param group: group is the group of the target resource.
        :param namespace: namespace is the namespace of the referent.

        :schema: WasmPluginSpecTargetRef
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__293482540084a4a70c33b69f6237c2b49ec49328f093c068550eed625ff619a0)
            check_type(argname="argument kind", value=kind, expected_type=type_hints["kind"])
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
            check_type(argname="argument group", value=group, expected_type=type_hints["group"])
            check_type(argname="argument namespace", value=namespace, expected_type=type_hints["namespace"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "kind": kind,
            "name": name,
        }
        if group is not None:
            self._values["group"] = group
        if namespace is not None:
            self._values["namespace"] = namespace

    @builtins.property
    def kind(self) -> builtins.str:
        '''kind is kind of the target resource.

        :schema: WasmPluginSpecTargetRef#kind
        '''
        result = self._values.get("kind")
        assert result is not None, "Required property 'kind' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def name(self) -> builtins.str:
        '''name is the name of the target resource.

        :schema: WasmPluginSpecTargetRef#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def group(self) -> typing.Optional[builtins.str]:
        '''group is the group of the target resource.

        :schema: WasmPluginSpecTargetRef#group
        '''
        result = self._values.get("group")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def namespace(self) -> typing.Optional[builtins.str]:
        '''namespace is the namespace of the referent.

        :schema: WasmPluginSpecTargetRef#namespace
        '''
        result = self._values.get("namespace")
        return typing.cast(typing.Optional[builtins.str], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "WasmPluginSpecTargetRef(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="istio_ioistioextensions.WasmPluginSpecTargetRefs",
    jsii_struct_bases=[],
    name_mapping={
        "kind": "kind",
        "name": "name",
        "group": "group",
        "namespace": "namespace",
    },
)
class WasmPluginSpecTargetRefs:
    def __init__(
        self,
        *,
        kind: builtins.str,
        name: builtins.str,
        group: typing.Optional[builtins.str] = None,
        namespace: typing.Optional[builtins.str] = None,
    ) -> None:
        '''
        :param kind: kind is kind of the target resource.
        :param name: name is the name of the target resource.
        :param group: group is the group of the target resource.
        :param namespace: namespace is the namespace of the referent.

        :schema: WasmPluginSpecTargetRefs
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__d13b934039f58216c2b2f0af9d699f386fc01379133b51013e382292e6f7e012)
            check_type(argname="argument kind", value=kind, expected_type=type_hints["kind"])
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
            check_type(argname="argument group", value=group, expected_type=type_hints["group"])
            check_type(argname="argument namespace", value=namespace, expected_type=type_hints["namespace"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "kind": kind,
            "name": name,
        }
        if group is not None:
            self._values["group"] = group
        if namespace is not None:
            self._values["namespace"] = namespace

    @builtins.property
    def kind(self) -> builtins.str:
        '''kind is kind of the target resource.

        :schema: WasmPluginSpecTargetRefs#kind
        '''
        result = self._values.get("kind")
        assert result is not None, "Required property 'kind' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def name(self) -> builtins.str:
        '''name is the name of the target resource.

        :schema: WasmPluginSpecTargetRefs#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def group(self) -> typing.Optional[builtins.str]:
        '''group is the group of the target resource.

        :schema: WasmPluginSpecTargetRefs#group
        '''
        result = self._values.get("group")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def namespace(self) -> typing.Optional[builtins.str]:
        '''namespace is the namespace of the referent.

        :schema: WasmPluginSpecTargetRefs#namespace
        '''
        result = self._values.get("namespace")
        return typing.cast(typing.Optional[builtins.str], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "WasmPluginSpecTargetRefs(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.enum(jsii_type="istio_ioistioextensions.WasmPluginSpecType")
class WasmPluginSpecType(enum.Enum):
    '''Specifies the type of Wasm Extension to be used.

    Valid Options: HTTP, NETWORK

    :schema: WasmPluginSpecType
    '''

    UNSPECIFIED_UNDERSCORE_PLUGIN_UNDERSCORE_TYPE = "UNSPECIFIED_UNDERSCORE_PLUGIN_UNDERSCORE_TYPE"
    '''UNSPECIFIED_PLUGIN_TYPE.'''
    HTTP = "HTTP"
    '''HTTP.'''
    NETWORK = "NETWORK"
    '''NETWORK.'''


@jsii.data_type(
    jsii_type="istio_ioistioextensions.WasmPluginSpecVmConfig",
    jsii_struct_bases=[],
    name_mapping={"env": "env"},
)
class WasmPluginSpecVmConfig:
    def __init__(
        self,
        *,
        env: typing.Optional[typing.Sequence[typing.Union["WasmPluginSpecVmConfigEnv", typing.Dict[builtins.str, typing.Any]]]] = None,
    ) -> None:
        '''Configuration for a Wasm VM.

        :param env: Specifies environment variables to be injected to this VM.

        :schema: WasmPluginSpecVmConfig
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__bf1005751ee2c27dfbab437744940ffdf8f52eb12593964fca3fcb4ef30c8257)
            check_type(argname="argument env", value=env, expected_type=type_hints["env"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if env is not None:
            self._values["env"] = env

    @builtins.property
    def env(self) -> typing.Optional[typing.List["WasmPluginSpecVmConfigEnv"]]:
        '''Specifies environment variables to be injected to this VM.

        :schema: WasmPluginSpecVmConfig#env
        '''
        result = self._values.get("env")
        return typing.cast(typing.Optional[typing.List["WasmPluginSpecVmConfigEnv"]], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "WasmPluginSpecVmConfig(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="istio_ioistioextensions.WasmPluginSpecVmConfigEnv",
    jsii_struct_bases=[],
    name_mapping={"name": "name", "value": "value", "value_from": "valueFrom"},
)
class WasmPluginSpecVmConfigEnv:
    def __init__(
        self,
        *,
        name: builtins.str,
        value: typing.Optional[builtins.str] = None,
        value_from: typing.Optional["WasmPluginSpecVmConfigEnvValueFrom"] = None,
    ) -> None:
        '''
        :param name: Name of the environment variable.
        :param value: Value for the environment variable.
        :param value_from: Source for the environment variable's value. Valid Options: INLINE, HOST

        :schema: WasmPluginSpecVmConfigEnv
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__16ad70d7b5cb1709d59bbc2f03e5055fad61bebef0ca5f1e0d30fb6a52a285fe)
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
            check_type(argname="argument value", value=value, expected_type=type_hints["value"])
            check_type(argname="argument value_from", value=value_from, expected_type=type_hints["value_from"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "name": name,
        }
        if value is not None:
            self._values["value"] = value
        if value_from is not None:
            self._values["value_from"] = value_from

    @builtins.property
    def name(self) -> builtins.str:
        '''Name of the environment variable.

        :schema: WasmPluginSpecVmConfigEnv#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def value(self) -> typing.Optional[builtins.str]:
        '''Value for the environment variable.

        :schema: WasmPluginSpecVmConfigEnv#value
        '''
        result = self._values.get("value")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def value_from(self) -> typing.Optional["WasmPluginSpecVmConfigEnvValueFrom"]:
        '''Source for the environment variable's value.

        Valid Options: INLINE, HOST

        :schema: WasmPluginSpecVmConfigEnv#valueFrom
        '''
        result = self._values.get("value_from")
        return typing.cast(typing.Optional["WasmPluginSpecVmConfigEnvValueFrom"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "WasmPluginSpecVmConfigEnv(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.enum(jsii_type="istio_ioistioextensions.WasmPluginSpecVmConfigEnvValueFrom")
class WasmPluginSpecVmConfigEnvValueFrom(enum.Enum):
    '''Source for the environment variable's value.

    Valid Options: INLINE, HOST

    :schema: WasmPluginSpecVmConfigEnvValueFrom
    '''

    INLINE = "INLINE"
    '''INLINE.'''
    HOST = "HOST"
    '''HOST.'''


__all__ = [
    "TrafficExtension",
    "TrafficExtensionProps",
    "TrafficExtensionSpec",
    "TrafficExtensionSpecLua",
    "TrafficExtensionSpecMatch",
    "TrafficExtensionSpecMatchMode",
    "TrafficExtensionSpecMatchPorts",
    "TrafficExtensionSpecPhase",
    "TrafficExtensionSpecSelector",
    "TrafficExtensionSpecTargetRefs",
    "TrafficExtensionSpecWasm",
    "TrafficExtensionSpecWasmFailStrategy",
    "TrafficExtensionSpecWasmImagePullPolicy",
    "TrafficExtensionSpecWasmType",
    "TrafficExtensionSpecWasmVmConfig",
    "TrafficExtensionSpecWasmVmConfigEnv",
    "TrafficExtensionSpecWasmVmConfigEnvValueFrom",
    "WasmPlugin",
    "WasmPluginProps",
    "WasmPluginSpec",
    "WasmPluginSpecFailStrategy",
    "WasmPluginSpecImagePullPolicy",
    "WasmPluginSpecMatch",
    "WasmPluginSpecMatchMode",
    "WasmPluginSpecMatchPorts",
    "WasmPluginSpecPhase",
    "WasmPluginSpecSelector",
    "WasmPluginSpecTargetRef",
    "WasmPluginSpecTargetRefs",
    "WasmPluginSpecType",
    "WasmPluginSpecVmConfig",
    "WasmPluginSpecVmConfigEnv",
    "WasmPluginSpecVmConfigEnvValueFrom",
]

publication.publish()

def _typecheckingstub__5d98d1f4f5da1be807004d059c1f7daa12e385028d367c199de37548467e3295(
    scope: _constructs_77d1e7e8.Construct,
    id: builtins.str,
    *,
    spec: typing.Union[TrafficExtensionSpec, typing.Dict[builtins.str, typing.Any]],
    metadata: typing.Optional[typing.Union[_cdk8s_d3d9af27.ApiObjectMetadata, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__a04b6591fc9b01449da8889aafb7914e993ee48e3ccf629e5d1bccb736cc3ddc(
    *,
    spec: typing.Union[TrafficExtensionSpec, typing.Dict[builtins.str, typing.Any]],
    metadata: typing.Optional[typing.Union[_cdk8s_d3d9af27.ApiObjectMetadata, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__3e822c3e72f336a28153e7e2eace758a263e1240bbf6e3b599e6ade835f2e44a(
    *,
    lua: typing.Optional[typing.Union[TrafficExtensionSpecLua, typing.Dict[builtins.str, typing.Any]]] = None,
    match: typing.Optional[typing.Sequence[typing.Union[TrafficExtensionSpecMatch, typing.Dict[builtins.str, typing.Any]]]] = None,
    phase: typing.Optional[TrafficExtensionSpecPhase] = None,
    priority: typing.Optional[jsii.Number] = None,
    selector: typing.Optional[typing.Union[TrafficExtensionSpecSelector, typing.Dict[builtins.str, typing.Any]]] = None,
    target_refs: typing.Optional[typing.Sequence[typing.Union[TrafficExtensionSpecTargetRefs, typing.Dict[builtins.str, typing.Any]]]] = None,
    wasm: typing.Optional[typing.Union[TrafficExtensionSpecWasm, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__73eadede41c7dab3159231965f837f9c36ec75573743c17ea6e6449f2281b6ca(
    *,
    inline_code: builtins.str,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__06891f8c473307a5c10378d5998e329e350d5390ec2a3ba7b33c2ec9bae287ac(
    *,
    mode: typing.Optional[TrafficExtensionSpecMatchMode] = None,
    ports: typing.Optional[typing.Sequence[typing.Union[TrafficExtensionSpecMatchPorts, typing.Dict[builtins.str, typing.Any]]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__5757115a93953679ef15fe79cad9122dc6cde74fc6b1664fd4ead10b74833483(
    *,
    number: jsii.Number,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__5f51d7d3c6528195c4eb681f56c963ea9c909f71bd028117c80afcf256f08204(
    *,
    match_labels: typing.Optional[typing.Mapping[builtins.str, builtins.str]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__90e303295f2d02981d7a43632c2166278f79a2154a099fdeec62fec80948b480(
    *,
    kind: builtins.str,
    name: builtins.str,
    group: typing.Optional[builtins.str] = None,
    namespace: typing.Optional[builtins.str] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__a05937eb58ebc30457676a6dbe628b3d178abc00b216777dc5e0d0fa659b231c(
    *,
    url: builtins.str,
    fail_strategy: typing.Optional[TrafficExtensionSpecWasmFailStrategy] = None,
    image_pull_policy: typing.Optional[TrafficExtensionSpecWasmImagePullPolicy] = None,
    image_pull_secret: typing.Optional[builtins.str] = None,
    plugin_config: typing.Any = None,
    plugin_name: typing.Optional[builtins.str] = None,
    sha256: typing.Optional[builtins.str] = None,
    type: typing.Optional[TrafficExtensionSpecWasmType] = None,
    verification_key: typing.Optional[builtins.str] = None,
    vm_config: typing.Optional[typing.Union[TrafficExtensionSpecWasmVmConfig, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__5682d64a328f6395d9deca007b47729efcb3193563f6e5bc385046ffa41bb61f(
    *,
    env: typing.Optional[typing.Sequence[typing.Union[TrafficExtensionSpecWasmVmConfigEnv, typing.Dict[builtins.str, typing.Any]]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__adb0d189b8cf41b29d57d8efaa3a8bf39e3dcad7b5db25e4763826d2374e857d(
    *,
    name: builtins.str,
    value: typing.Optional[builtins.str] = None,
    value_from: typing.Optional[TrafficExtensionSpecWasmVmConfigEnvValueFrom] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__c4b3537e346e49842a6dc32bdc79ed5c41a0bec0f8d362c192be27d240673763(
    scope: _constructs_77d1e7e8.Construct,
    id: builtins.str,
    *,
    spec: typing.Union[WasmPluginSpec, typing.Dict[builtins.str, typing.Any]],
    metadata: typing.Optional[typing.Union[_cdk8s_d3d9af27.ApiObjectMetadata, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__520136e205a55f294d45ea552a3bf795e4f637c4192bb6d83de7a1116dee269c(
    *,
    spec: typing.Union[WasmPluginSpec, typing.Dict[builtins.str, typing.Any]],
    metadata: typing.Optional[typing.Union[_cdk8s_d3d9af27.ApiObjectMetadata, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__c1023869e603924c69a61237c65aee55db0b1a7de541ebd7c0ffc2bb152beb2f(
    *,
    url: builtins.str,
    fail_strategy: typing.Optional[WasmPluginSpecFailStrategy] = None,
    image_pull_policy: typing.Optional[WasmPluginSpecImagePullPolicy] = None,
    image_pull_secret: typing.Optional[builtins.str] = None,
    match: typing.Optional[typing.Sequence[typing.Union[WasmPluginSpecMatch, typing.Dict[builtins.str, typing.Any]]]] = None,
    phase: typing.Optional[WasmPluginSpecPhase] = None,
    plugin_config: typing.Any = None,
    plugin_name: typing.Optional[builtins.str] = None,
    priority: typing.Optional[jsii.Number] = None,
    selector: typing.Optional[typing.Union[WasmPluginSpecSelector, typing.Dict[builtins.str, typing.Any]]] = None,
    sha256: typing.Optional[builtins.str] = None,
    target_ref: typing.Optional[typing.Union[WasmPluginSpecTargetRef, typing.Dict[builtins.str, typing.Any]]] = None,
    target_refs: typing.Optional[typing.Sequence[typing.Union[WasmPluginSpecTargetRefs, typing.Dict[builtins.str, typing.Any]]]] = None,
    type: typing.Optional[WasmPluginSpecType] = None,
    verification_key: typing.Optional[builtins.str] = None,
    vm_config: typing.Optional[typing.Union[WasmPluginSpecVmConfig, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__bb2170a2274de3d9da1929fd15d4071acb36dec92e0ee2823b412e61e878eddf(
    *,
    mode: typing.Optional[WasmPluginSpecMatchMode] = None,
    ports: typing.Optional[typing.Sequence[typing.Union[WasmPluginSpecMatchPorts, typing.Dict[builtins.str, typing.Any]]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__fe608ad9757b5ce56781630cbabbd6db485293c6c0de0f97a04e9ad439a4c801(
    *,
    number: jsii.Number,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__2d79b1fb3a237c06836d84f0d7a53cb5e113d327ed68947df38977f65d1284f5(
    *,
    match_labels: typing.Optional[typing.Mapping[builtins.str, builtins.str]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__293482540084a4a70c33b69f6237c2b49ec49328f093c068550eed625ff619a0(
    *,
    kind: builtins.str,
    name: builtins.str,
    group: typing.Optional[builtins.str] = None,
    namespace: typing.Optional[builtins.str] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__d13b934039f58216c2b2f0af9d699f386fc01379133b51013e382292e6f7e012(
    *,
    kind: builtins.str,
    name: builtins.str,
    group: typing.Optional[builtins.str] = None,
    namespace: typing.Optional[builtins.str] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__bf1005751ee2c27dfbab437744940ffdf8f52eb12593964fca3fcb4ef30c8257(
    *,
    env: typing.Optional[typing.Sequence[typing.Union[WasmPluginSpecVmConfigEnv, typing.Dict[builtins.str, typing.Any]]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__16ad70d7b5cb1709d59bbc2f03e5055fad61bebef0ca5f1e0d30fb6a52a285fe(
    *,
    name: builtins.str,
    value: typing.Optional[builtins.str] = None,
    value_from: typing.Optional[WasmPluginSpecVmConfigEnvValueFrom] = None,
) -> None:
    """Type checking stubs"""
    pass
